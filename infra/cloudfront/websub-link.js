// CloudFront Function (cloudfront-js-2.0), viewer response on the feeds behaviour.
// Adds the WebSub discovery headers (W3C WebSub §4: Link rel="hub" and rel="self") to every feed
// response, so subscribers find the hub even when they only read headers (JSON Feed has no <link>).
// The stack substitutes the hub URL at synth time; without a configured hub this function is not
// attached at all.
var HUB_URL = '__WEBSUB_HUB_URL__';

function handler(event) {
  var request = event.request;
  var response = event.response;
  if (request.uri.indexOf('/feeds/') !== 0 || response.statusCode >= 400) return response;
  var host = request.headers.host ? request.headers.host.value : event.context.distributionDomainName;
  // The viewer asked for the feed itself, whichever twin feed-encoding.js chose for it.
  var self = 'https://' + host + request.uri.replace(/\.gz$/, '');
  response.headers.link = { value: '<' + HUB_URL + '>; rel="hub", <' + self + '>; rel="self"' };
  return response;
}
