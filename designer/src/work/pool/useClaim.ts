import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordField } from '../notifications/record-field';
import { useWorkFormat } from '../shared/format';
import { request } from '../graphql';
import { claimRefusalText } from './claim-refusal-text';
import { CLAIM_RECORD, type PoolRecord } from './pool-documents';

/** A claim that went through: which record, and the stage it went to. */
interface Claimed {
  id: string;
  name: string;
  stage: string;
}

export interface Claim {
  /** The record whose claim is on its way. */
  claimingId: string | null;
  claimed: Claimed | null;
  /** Why the last claim was refused, one sentence a reason; empty when it was not. */
  refusal: string[];
  claim: (record: PoolRecord) => Promise<void>;
}

/**
 * Claims pool records for the signed-in person: a record claimed is handed to `onClaimed` (the list drops it), a
 * refusal is said in words (cool-down until when, the claim limit, capacity, a missing right).
 * @example const { claim, refusal } = useClaim({ definition, onClaimed: (id) => pool.remove(id) });
 */
export function useClaim({ definition, onClaimed }: { definition: WorkflowDefinition | null; onClaimed: (id: string) => void }): Claim {
  const { t } = useTranslation('pool');
  const { t: tApp } = useTranslation();
  const format = useWorkFormat();
  const [claimingId, setClaimingId] = useState<string | null>(null);
  const [claimed, setClaimed] = useState<Claimed | null>(null);
  const [refusal, setRefusal] = useState<string[]>([]);
  const claim = async (record: PoolRecord) => {
    const name = recordField(record.fields, 'name') || t('unnamed');
    const window = definition?.stages.find((stage) => stage.key === record.stage)?.pool?.claim?.window;
    setClaimingId(record.id);
    setRefusal([]);
    setClaimed(null);
    try {
      const { claimRecord } = await request(CLAIM_RECORD, { input: { id: record.id, expectedVersion: record.version } });
      const refused = claimRefusalText(claimRecord, { t, tApp, format, window, name });
      if (refused) setRefusal(refused);
      else if (claimRecord.__typename === 'Record') {
        setClaimed({ id: claimRecord.id, name, stage: claimRecord.stage });
        onClaimed(record.id);
      }
    } catch (error) {
      setRefusal([t('refusal.other', { name, reason: error instanceof Error ? error.message : String(error) })]);
    } finally {
      setClaimingId(null);
    }
  };
  return { claimingId, claimed, refusal, claim };
}
