const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-given ID is a UUID (ids that are not cannot exist: answer NOT_FOUND or BAD_USER_INPUT without a query). */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
