export {
  authChecker,
  authenticate,
  createKey,
  hashKey,
  listKeys,
  revokeKey,
  wellFormedKey,
  type ApiKeyInfo,
  type Role,
} from "./auth.service";
