// CloudFront Function (cloudfront-js-2.0), viewer request on the feeds behaviour.
// CloudFront compresses only the content types on its documented list, which has application/rss+xml
// but not application/atom+xml or application/feed+json. Publish therefore stores a gzip twin of every
// Atom and JSON Feed file (`feeds/all.atom.gz`, Content-Encoding: gzip; functions/publish/gzip-twins.ts).
// This function sends a request for such a feed to its twin when the viewer accepts gzip; anyone else
// gets the plain file. The rewritten URI is the cache key, so the two never mix in the cache; the
// response headers policy adds Vary: Accept-Encoding for caches further down. The local feed server runs
// this same file (infra/local/api/edge-functions.ts).
var TWINNED = /^\/feeds\/.+\.(atom|json)$/;

// RFC 9110 §12.5.3: gzip is acceptable when listed (or matched by *) with a q-value above 0.
function acceptsGzip(value) {
  var starQ = -1;
  var gzipQ = -1;
  var parts = value.split(',');
  for (var i = 0; i < parts.length; i++) {
    var params = parts[i].split(';');
    var coding = params[0].trim().toLowerCase();
    var q = 1;
    for (var j = 1; j < params.length; j++) {
      var param = params[j].trim().toLowerCase();
      if (param.indexOf('q=') === 0) q = parseFloat(param.slice(2));
      if (isNaN(q)) q = 0;
    }
    if (coding === 'gzip' || coding === 'x-gzip') gzipQ = Math.max(gzipQ, q);
    else if (coding === '*') starQ = Math.max(starQ, q);
  }
  return gzipQ >= 0 ? gzipQ > 0 : starQ > 0;
}

function handler(event) {
  var request = event.request;
  var accept = request.headers['accept-encoding'];
  if (TWINNED.test(request.uri) && accept && acceptsGzip(accept.value)) request.uri = request.uri + '.gz';
  return request;
}
