// GET /api/v1/events/values?field=&prefix=&from=&to=&limit= — most frequent values of a facet field
import { apiRoute } from "@/lib/api/handler";
import { facetValues } from "@/lib/events/search";

export const GET = apiRoute("GET /api/v1/events/values", async ({ ctx, query }) =>
  facetValues({ ctx, input: query }),
);
