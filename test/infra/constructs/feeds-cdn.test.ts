import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { env } from '#infra/definitions.ts';
import { PAGE_CONTENT_SECURITY_POLICY } from '#core/site/csp.ts';
import { feedResponseFunctionCode, pageStatusFunctionCode } from '#infra/constructs/feeds-cdn.ts';
import { synthSyndicate } from '../synth.ts';

const pictures = { feedIconUrl: 'https://cdn.example.com/icon-512.png', feedFaviconUrl: 'https://cdn.example.com/icon-64.png', feedLogoUrl: 'https://cdn.example.com/logo.png' };
const withHub = synthSyndicate({ context: { stage: 'qa', websubHub: 'https://hub.example.com/', ...pictures } }).statelessTemplate;
const withoutHub = synthSyndicate({ context: { stage: 'qa' } }).statelessTemplate;

/** A name CloudFront keeps account-wide, with the region in it (CloudFormation's join of the prefix and AWS::Region). */
const regional = (prefix: string) => ({ 'Fn::Join': ['', [prefix, { Ref: 'AWS::Region' }]] });

describe('the feeds CDN', () => {
  const feedsBehaviour = {
    ViewerProtocolPolicy: 'https-only',
    Compress: true,
    AllowedMethods: ['GET', 'HEAD'],
    CachePolicyId: { Ref: Match.stringLikeRegexp('^FeedsHonourOrigin') },
  };

  it('serves /feeds/* from the bucket through origin access control, HTTPS only, compressed', () => {
    withoutHub.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike(feedsBehaviour),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/feeds/*', ...feedsBehaviour }), Match.objectLike({ PathPattern: '/pages/*', ...feedsBehaviour })],
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::Join': ['', Match.arrayWith(['qa-syndicate-content-'])] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
          }),
        ],
      }),
    });
    withoutHub.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
  });

  it('lets any web reader fetch the feeds: CORS for GET and HEAD, exposing ETag, Last-Modified and Link', () => {
    withoutHub.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        Name: regional('qa-syndicate-feed-headers-'),
        CorsConfig: Match.objectLike({
          AccessControlAllowOrigins: { Items: ['*'] },
          AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
          AccessControlAllowCredentials: false,
          AccessControlExposeHeaders: { Items: ['ETag', 'Last-Modified', 'Link'] },
          OriginOverride: true,
        }),
      }),
    });
    withoutHub.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/feeds/*', ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^FeedsFeedHeaders') } })]),
      }),
    });
  });

  it("caches for as long as the objects' Cache-Control says (min TTL 0), with gzip and brotli variants", () => {
    withoutHub.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 60,
        MaxTTL: 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true }),
      }),
    });
  });

  it('names every account-wide CloudFront resource with its region, so one stage deploys to two regions of an account', () => {
    for (const template of [withHub, withoutHub]) {
      const names = [
        ...Object.values(template.findResources('AWS::CloudFront::Function')).map((r) => r.Properties.Name),
        ...Object.values(template.findResources('AWS::CloudFront::CachePolicy')).map((r) => r.Properties.CachePolicyConfig.Name),
        ...Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map((r) => r.Properties.ResponseHeadersPolicyConfig.Name),
      ];
      expect(names).toHaveLength(5);
      for (const name of names) expect(name, JSON.stringify(name)).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^qa-syndicate-[a-z-]+-$/), { Ref: 'AWS::Region' }]] });
    }
  });

  it('compresses Atom and JSON Feed at the edge: one viewer-response function gives viewers their media types back (and the WebSub Link headers with a hub); no viewer-request rewrite', () => {
    withoutHub.hasResourceProperties('AWS::CloudFront::Function', {
      Name: regional('qa-syndicate-feed-response-'),
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      FunctionCode: feedResponseFunctionCode(),
    });
    withHub.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: feedResponseFunctionCode('https://hub.example.com/') });
    for (const template of [withHub, withoutHub]) {
      const response = { EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FeedsFeedResponse'), 'FunctionARN'] } };
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({ CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/feeds/*', Compress: true, FunctionAssociations: [response] })]) }),
      });
      template.resourceCountIs('AWS::CloudFront::Function', 2); // the feeds' response function and the pages' status function
    }
    // Pages are text/html, stored and served as such: the page-status function, not the feeds'.
    const distribution = Object.values(withoutHub.findResources('AWS::CloudFront::Distribution'))[0]!;
    const pages = distribution.Properties.DistributionConfig.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/pages/*');
    expect(JSON.stringify(pages.FunctionAssociations)).not.toContain('FeedResponse');
    withoutHub.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        Name: regional('qa-syndicate-feed-headers-'),
        CustomHeadersConfig: { Items: [{ Header: 'Vary', Value: 'Accept-Encoding', Override: true }] },
      }),
    });
  });

  it('serves the site’s pages with the strict CSP, 410 for withdrawn pages, and the home page at the root', () => {
    withoutHub.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    const pagesBehaviour = {
      ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^FeedsPageHeaders') },
      FunctionAssociations: [{ EventType: 'viewer-response', FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FeedsPageStatus'), 'FunctionARN'] } }],
    };
    withoutHub.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'pages/index.html',
        DefaultCacheBehavior: Match.objectLike(pagesBehaviour),
        CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/pages/*', ...pagesBehaviour })]),
      }),
    });
    withoutHub.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: pageStatusFunctionCode() });
  });

  it('gives publish the hub and the feeds URL', () => {
    withHub.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'qa-syndicate-publish',
      Environment: {
        Variables: Match.objectLike({
          [env.websubHubUrl]: 'https://hub.example.com/',
          [env.feedsBaseUrl]: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^FeedsDistribution'), 'DomainName'] }]] },
        }),
      },
    });
    const publish = Object.values(withoutHub.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'qa-syndicate-publish' } }))[0]!;
    expect(publish.Properties.Environment.Variables[env.websubHubUrl]).toBeUndefined();
  });

  it('gives publish the feed pictures named in context (-c feedIconUrl=…), and none when unset (the drawn defaults)', () => {
    withHub.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'qa-syndicate-publish',
      Environment: {
        Variables: Match.objectLike({
          [env.feedIconUrl]: pictures.feedIconUrl,
          [env.feedFaviconUrl]: pictures.feedFaviconUrl,
          [env.feedLogoUrl]: pictures.feedLogoUrl,
        }),
      },
    });
    const publish = Object.values(withoutHub.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'qa-syndicate-publish' } }))[0]!;
    for (const name of [env.feedIconUrl, env.feedFaviconUrl, env.feedLogoUrl]) expect(publish.Properties.Environment.Variables[name]).toBeUndefined();
  });

  it('refuses a feed picture that is not an absolute https URL at synth time', () => {
    expect(() => synthSyndicate({ context: { stage: 'qa', feedLogoUrl: 'http://cdn.example.com/logo.png' } })).toThrow(/feedLogoUrl must be an https URL/);
    expect(() => synthSyndicate({ context: { stage: 'qa', feedIconUrl: 'icon.png' } })).toThrow(/feedIconUrl must be an absolute https URL/);
  });
});
