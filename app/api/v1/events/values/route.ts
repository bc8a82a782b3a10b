// GET /api/v1/events/values?field=&prefix=&from=&to=&limit= — most frequent values of a facet field
import { apiRoute } from "@/lib/api/handler";
import { fieldValuesSchema } from "@/lib/events/schemas";
import { facetValues } from "@/lib/events/search";

export const GET = apiRoute("GET /api/v1/events/values", { query: fieldValuesSchema }, async ({ ctx, query }) =>
  facetValues({ ctx, input: query }),
);
