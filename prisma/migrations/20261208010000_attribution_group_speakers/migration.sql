-- Attribution: a passage attributed to a group ("critics argue", ATTRIBUTED_TO_GROUP) is spoken by
-- GROUP entities. The writers refuse making such a speaker another kind (updateEntity, imports) and
-- merging it into a non-group; the view lists what was written otherwise, as rule SPEAKER_NOT_GROUP.
CREATE OR REPLACE VIEW "attribution_violations" AS
  SELECT 'CLAIMANT_SILENT'::text AS "rule", 'Claim'::text AS "subject_type", cc."claim_id" AS "subject_id", cc."entity_id"
  FROM "claim_claimant" cc
  WHERE NOT EXISTS (
    SELECT 1 FROM "claim_appearance" ca JOIN "quote_speaker" qs ON qs."quote_id" = ca."quote_id"
    WHERE ca."claim_id" = cc."claim_id" AND qs."entity_id" = cc."entity_id")
  UNION ALL
  SELECT 'HOLDER_SILENT', 'Stance', s."id", s."holder_entity_id"
  FROM "stance" s
  WHERE s."holder_entity_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "stance_evidence" se JOIN "quote_speaker" qs ON qs."quote_id" = se."quote_id"
    WHERE se."stance_id" = s."id" AND qs."entity_id" = s."holder_entity_id")
  UNION ALL
  SELECT 'MEMBERS_SILENT', 'Stance', s."id", NULL::uuid
  FROM "stance" s
  WHERE s."holder_viewpoint_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "stance_evidence" se JOIN "quote_speaker" qs ON qs."quote_id" = se."quote_id"
      JOIN "viewpoint_member" vm ON vm."entity_id" = qs."entity_id" AND vm."viewpoint_id" = s."holder_viewpoint_id"
    WHERE se."stance_id" = s."id")
  UNION ALL
  SELECT 'MEMBER_SILENT', 'Viewpoint', vm."viewpoint_id", vm."entity_id"
  FROM "viewpoint_member" vm
  WHERE NOT EXISTS (
    SELECT 1 FROM "viewpoint_member_evidence" ve JOIN "quote_speaker" qs ON qs."quote_id" = ve."quote_id"
    WHERE ve."viewpoint_id" = vm."viewpoint_id" AND ve."entity_id" = vm."entity_id" AND qs."entity_id" = vm."entity_id")
  UNION ALL
  SELECT 'AUTHOR_NOT_VOICE', 'Quote', q."id", qs."entity_id"
  FROM "quote" q JOIN "quote_speaker" qs ON qs."quote_id" = q."id" JOIN "source" s ON s."id" = q."source_id"
  WHERE q."attribution" = 'AUTHOR' AND s."publisher_id" IS DISTINCT FROM qs."entity_id" AND NOT EXISTS (
    SELECT 1 FROM "source_author" sa WHERE sa."source_id" = q."source_id" AND sa."entity_id" = qs."entity_id")
  UNION ALL
  SELECT 'SPEAKER_NOT_GROUP', 'Quote', q."id", qs."entity_id"
  FROM "quote" q JOIN "quote_speaker" qs ON qs."quote_id" = q."id" JOIN "entity" e ON e."id" = qs."entity_id"
  WHERE q."attribution" = 'ATTRIBUTED_TO_GROUP' AND e."kind" <> 'GROUP';
