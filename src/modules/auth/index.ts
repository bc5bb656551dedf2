export {
  authChecker,
  authenticate,
  createKey,
  hashKey,
  listKeys,
  revokeKey,
  type ApiKeyInfo,
  type Role,
} from "./auth.service";
