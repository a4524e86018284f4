// Swagger UI on our own document; a file rather than an inline script, so a strict CSP can allow it.
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
