import type { UserViewer } from '../auth/viewer';
import { ValidationFailedError } from '../errors';
import { accountOf } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import { tenantById, userById } from '../services/directory';
import { notificationChannels, updateMyPreferences } from '../services/my-preferences';
import { builder } from './builder';
import { RoleEnum } from './error-types';
import { TenantRef } from './tenant';
import { UserRef } from './user';
import { AvailabilityInput, LocaleEnum, NotificationChannelEnum, NotificationTypeEnum } from './user-account-types';

type NotificationChoice = ReturnType<typeof notificationChannels>[number];

const NotificationPreferenceRef = builder.objectRef<NotificationChoice>('NotificationPreference').implement({
  description: 'How the person hears of one kind of notification.',
  fields: (t) => ({
    type: t.field({ type: NotificationTypeEnum, resolve: (p) => p.type }),
    channel: t.field({ type: NotificationChannelEnum, resolve: (p) => p.channel }),
  }),
});

const PreferencesRef = builder.objectRef<UserDoc>('Preferences').implement({
  description: "The signed-in person's own settings.",
  fields: (t) => ({
    locale: t.field({ type: LocaleEnum, resolve: (u) => accountOf(u).locale }),
    timeZone: t.string({ resolve: (u) => accountOf(u).timeZone }),
    notifications: t.field({
      type: [NotificationPreferenceRef],
      description: 'Every kind, with the channel chosen (in_app unless chosen otherwise).',
      resolve: notificationChannels,
    }),
  }),
});

const SIGNED_IN_WITH = ['session', 'api_key'] as const;
const SignedInWithEnum = builder.enumType('SignedInWith', {
  description: 'session: a browser signed in with a password; api_key: an app.',
  values: SIGNED_IN_WITH,
});

const Me = builder.objectRef<{ user: UserDoc; viewer: UserViewer }>('Me').implement({
  description: 'Who calls: the signed-in person, or the user an API key belongs to.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (m) => m.user }),
    roles: t.field({ type: [RoleEnum], resolve: (m) => m.user.roles }),
    preferences: t.field({ type: PreferencesRef, resolve: (m) => m.user }),
    signedInWith: t.field({
      type: SignedInWithEnum,
      resolve: (m) => (m.viewer.credential.kind === 'session' ? 'session' : 'api_key'),
    }),
    tenant: t.field({ type: TenantRef, resolve: (m, _args, ctx) => tenantById(ctx.services, m.viewer.tenantId) }),
  }),
});

builder.queryField('me', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: Me,
    // The user as stored now: a cached viewer may hold preferences changed seconds ago.
    resolve: async (_root, _args, ctx) => ({
      user: (await userById(ctx.services, ctx.viewer.tenantId, ctx.viewer.user._id)) ?? ctx.viewer.user,
      viewer: ctx.viewer,
    }),
  }),
);

const NotificationPreferenceInput = builder.inputType('NotificationPreferenceInput', {
  fields: (t) => ({
    type: t.field({ type: NotificationTypeEnum, required: true }),
    channel: t.field({ type: NotificationChannelEnum, required: true }),
  }),
});

const UpdateMyPreferencesInput = builder.inputType('UpdateMyPreferencesInput', {
  description: 'What changes; a field left out stays as it is (availability: null removes the absence).',
  fields: (t) => ({
    locale: t.field({ type: LocaleEnum }),
    timeZone: t.string(),
    availability: t.field({ type: AvailabilityInput }),
    notifications: t.field({ type: [NotificationPreferenceInput], description: 'Channels for the kinds named; the others keep theirs.' }),
  }),
});

builder.mutationField('updateMyPreferences', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: Me,
    description: 'The signed-in person changes their language, time zone, absence and notification channels.',
    args: { input: t.arg({ type: UpdateMyPreferencesInput, required: true }) },
    errors: { types: [ValidationFailedError] },
    resolve: async (_root, { input }, ctx) => {
      const { tenantId, user } = ctx.viewer;
      const updated = await updateMyPreferences(ctx.services, { tenantId, userId: user._id, changes: input });
      return { user: updated, viewer: ctx.viewer };
    },
  }),
);
