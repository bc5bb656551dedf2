import type { QuoteRef } from "../../shared/write-session";
import type { RecordOf } from "../../shared/model";
import { EntityPredicate } from "../../generated/prisma/enums";
import { columnsNamed, CREATED_AT, date, defineModel, enumOf, timestamp, toOne, type RowOf } from "../../shared/model";

/**
 * EntityRelation, declared once (see claim.model.ts): a relation is found again by its subject,
 * predicate and object; it has no version and is never edited, only re-imported.
 */
export const entityRelationModel = columnsNamed(
  defineModel({
    type: "EntityRelation",
    table: "entity_relation",
    fields: {
      subject: toOne({
        target: "Entity",
        table: "entity",
        column: "subject_id",
        idField: "subjectId",
        description: "The entity the relation starts from.",
        filter: "The subject entity.",
        naturalKey: true,
        write: { create: "required", update: false, createDescription: "Subject entity." },
      }),
      predicate: enumOf(
        EntityPredicate,
        "EntityPredicate",
        "entity_predicate",
        "How the subject relates to the object.",
        {
          filter: "The relation's predicate.",
          order: { value: "PREDICATE", description: "By predicate." },
          naturalKey: true,
          write: { create: "required", update: false, createDescription: "The predicate." },
        },
      ),
      object: toOne({
        target: "Entity",
        table: "entity",
        column: "object_id",
        idField: "objectId",
        description: "The entity the relation points to.",
        filter: "The object entity.",
        naturalKey: true,
        write: { create: "required", update: false, createDescription: "Object entity." },
      }),
      validFrom: date("First day the relation held, if known.", {
        filter: "First day the relation held.",
        write: { create: "optional", update: false, createDescription: "First day it held." },
      }),
      validTo: date("Last day the relation held, if known.", {
        filter: "Last day the relation held.",
        write: { create: "optional", update: false, createDescription: "Last day it held." },
      }),
      createdAt: timestamp("When this relation was recorded.", { nullable: false, order: CREATED_AT }),
    },
  }),
);

export type EntityRelationRow = RowOf<typeof entityRelationModel> & { uuid: string };

/** An entity relation record, with its evidence. */
export type EntityRelationRecord = RecordOf<typeof entityRelationModel> & { evidence?: QuoteRef[] };
