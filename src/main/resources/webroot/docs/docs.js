// The hub's own API document; "Authorize" takes an owner's API key (bearer or X-API-Key) or a task's tool key
// (X-Tool-Key), as the document's security schemes say, and keeps it across reloads of the page.
window.ui = SwaggerUIBundle({
  url: "/openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: false
});
