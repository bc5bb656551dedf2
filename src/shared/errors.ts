import { GraphQLError } from "graphql";

/** Error codes a client can rely on (`extensions.code`). */
export type ErrorCode =
  "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "SERVICE_UNAVAILABLE" | "INTERNAL_SERVER_ERROR";

/** A problem the client developer can fix; its message is safe to show. */
export class UserInputError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: "BAD_USER_INPUT", ...extensions } });
  }
}
