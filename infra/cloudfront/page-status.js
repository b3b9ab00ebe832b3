// CloudFront Function (cloudfront-js-2.0), viewer response on the site's pages behaviour.
// S3 can only answer 200 for an object that exists, but a withdrawn article's page must be served
// as 410 Gone. The publish Lambda stores that status as object metadata (x-amz-meta-http-status,
// functions/publish/s3-feed-files.ts); this function turns it into the response status, and keeps
// our bookkeeping metadata out of what viewers see.
function handler(event) {
  var response = event.response;
  var status = response.headers['x-amz-meta-http-status'];
  if (status && status.value === '410' && response.statusCode === 200) {
    response.statusCode = 410;
    response.statusDescription = 'Gone';
  }
  delete response.headers['x-amz-meta-http-status'];
  delete response.headers['x-amz-meta-content-sha256'];
  return response;
}
