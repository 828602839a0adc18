export {
  createNotificationEndpoint,
  disableNotificationEndpoint,
  listNotificationEndpoints,
  type NewNotificationEndpoint,
  type NotificationDeps,
  type NotificationEndpoint,
} from './notification-endpoints.js';
export { notificationsRoutes } from './notifications-routes.js';
export { notify } from './notify.js';
export { type Notification, type SlackMessage, slackMessageOf } from './slack-message.js';
export {
  WEBHOOK_NOTIFICATION,
  webhookNotificationHandler,
  webhookSignature,
} from './webhook-notification-handler.js';
