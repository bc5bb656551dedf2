import { ConnectionType } from "../../shared/connection-types";
import { Entity } from "./entity.type";

export const EntityConnection = ConnectionType("Entity", Entity, "entities");
