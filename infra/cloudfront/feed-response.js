// CloudFront Function (cloudfront-js-2.0), viewer response on the feeds behaviour.
//
// 1. Media types. CloudFront compresses only responses whose origin Content-Type is on its documented
//    list ("Serve compressed files" → "File types that CloudFront compresses"): application/xml and
//    application/json are on it, application/atom+xml and application/feed+json are not. Publish
//    therefore stores Atom as application/xml and JSON Feed as application/json
//    (functions/publish/edge-media-types.ts), CloudFront compresses them from the origin's response,
//    and this function, which runs after that, gives viewers the feed's own media type back, chosen by
//    the file's extension and keeping the parameters (charset). Content-Type is not among the headers
//    a viewer-response function may not change ("Restrictions on edge functions": Via and Warning).
// 2. WebSub discovery (W3C WebSub §4): with a hub configured, Link rel="hub" and rel="self" on every
//    feed response, so subscribers find the hub even when they only read headers (JSON Feed has no
//    <link>). The stack fills in HUB_URL at synth time; without a hub it stays null.
//
// A behaviour takes one function per event type, so both live here. The local feed server runs this
// same file for the media types (infra/local/api/edge-functions.ts).
var HUB_URL = null;

// Extension → [stored media type, viewer media type].
var VIEWER_TYPES = {
  atom: ['application/xml', 'application/atom+xml'],
  json: ['application/json', 'application/feed+json'],
};

function viewerContentType(uri, stored) {
  var dot = uri.lastIndexOf('.');
  var types = uri.indexOf('/feeds/') === 0 && dot > uri.lastIndexOf('/') ? VIEWER_TYPES[uri.slice(dot + 1)] : undefined;
  if (!types) return stored;
  var semicolon = stored.indexOf(';');
  var type = (semicolon < 0 ? stored : stored.slice(0, semicolon)).trim().toLowerCase();
  return type === types[0] ? types[1] + (semicolon < 0 ? '' : stored.slice(semicolon)) : stored;
}

function handler(event) {
  var request = event.request;
  var response = event.response;
  var stored = response.headers['content-type'];
  if (stored) {
    var viewer = viewerContentType(request.uri, stored.value);
    if (viewer !== stored.value) response.headers['content-type'] = { value: viewer };
  }
  if (HUB_URL === null || request.uri.indexOf('/feeds/') !== 0 || response.statusCode >= 400) return response;
  var host = request.headers.host ? request.headers.host.value : event.context.distributionDomainName;
  response.headers.link = { value: '<' + HUB_URL + '>; rel="hub", <https://' + host + request.uri + '>; rel="self"' };
  return response;
}
