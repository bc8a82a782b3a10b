-- Saved searches: an Events page URL query string, named by its owner and optionally shared
-- with the tenant.

CREATE TABLE "saved_searches" (
  "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"  uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "owner_id"   uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "name"       text NOT NULL CHECK (char_length("name") BETWEEN 1 AND 100 AND "name" = btrim("name")),
  "query"      text NOT NULL CHECK (char_length("query") <= 4000),
  "shared"     boolean NOT NULL DEFAULT false,
  "created_at" timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT "saved_searches_tenant_id_owner_id_name_key" UNIQUE ("tenant_id", "owner_id", "name")
);
CREATE INDEX "saved_searches_tenant_id_shared_idx" ON "saved_searches" ("tenant_id", "shared");
