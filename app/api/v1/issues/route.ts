// GET /api/v1/issues — the triage queue: filters, sort, keyset pages, counts per status
import { apiRoute } from "@/lib/api/handler";
import { listIssues } from "@/lib/issues/queries";
import { issueSearchRequestFromParams, paramsRecord } from "@/lib/issues/search-params";

export const GET = apiRoute("GET /api/v1/issues", ({ req, ctx }) =>
  listIssues({ ctx, input: issueSearchRequestFromParams(paramsRecord(req.nextUrl.searchParams)) }),
);
