// GET /favicon.ico — browsers ask for it whatever the page links; the icon is app/icon.svg.
export function GET(request: Request) {
  return Response.redirect(new URL("/icon.svg", request.url), 308);
}
