import { errorCodes } from '../domain/errors.js';

export const EventErrors = errorCodes({
  INVALID_LAST_EVENT_ID: { status: 400, title: 'Last-Event-ID names no event' },
  EVENTS_EXPIRED: { status: 410, title: 'The events asked for are no longer kept' },
  EVENTS_TOO_MANY_STREAMS: { status: 429, title: 'Too many event streams open for this caller' },
  EVENTS_UNAVAILABLE: { status: 503, title: 'Live events are not available right now' },
  EVENTS_AT_CAPACITY: { status: 503, title: 'This server has as many event streams as it takes' },
});
