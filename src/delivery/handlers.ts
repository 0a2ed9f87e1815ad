/**
 * The delivery kinds, one handler each. `runDue` looks a subscription's handler up here, and
 * `subscribe` asks it when the subscription is first due and what it starts from.
 */
import type { SubscriptionKind } from './model';
import type { DeliveryHandler } from './handler';
import { alertHandler } from './alert-handler';
import { digestHandler } from './digest-handler';
import { reminderHandler } from './reminder-handler';

export const DELIVERY_HANDLERS: Readonly<Record<SubscriptionKind, DeliveryHandler>> = {
  digest: digestHandler,
  reminders: reminderHandler,
  alerts: alertHandler,
};
