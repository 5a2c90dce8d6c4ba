import { FORECAST_CATEGORIES, OUTCOMES, PHASES } from '@funnel/schemas';
import { builder } from './builder';

export const PhaseEnum = builder.enumType('Phase', { values: PHASES });
export const ForecastCategoryEnum = builder.enumType('ForecastCategory', { values: FORECAST_CATEGORIES });
export const OutcomeEnum = builder.enumType('Outcome', { values: OUTCOMES });
export const ActivityTypeEnum = builder.enumType('ActivityType', { values: ['call', 'email', 'meeting', 'note'] as const });
export const CallOutcomeEnum = builder.enumType('CallOutcome', { values: ['answered', 'unanswered', 'wrong_number', 'busy'] as const });
export const EmailDirectionEnum = builder.enumType('EmailDirection', { values: ['outbound', 'inbound'] as const });
