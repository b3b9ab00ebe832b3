import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucket as bucketDefinition, resourceName } from '#infra/definitions.ts';
import { PAGE_CONTENT_SECURITY_POLICY } from '#core/site/csp.ts';
import { HOME_PAGE_KEY } from '#core/site/paths.ts';
import { cloudFrontFunctionSource, feedResponseFunctionCode } from '../cloudfront/source.ts';

/** The CloudFront Function that serves a withdrawn article's page as 410 (infra/cloudfront/page-status.js). */
export function pageStatusFunctionCode(): string {
  return cloudFrontFunctionSource('page-status');
}

/** The feeds' viewer-response CloudFront Function: feed media types, and WebSub Link headers with a hub (infra/cloudfront/feed-response.js). */
export { feedResponseFunctionCode };

export interface FeedsCdnProps {
  readonly stage: string;
  /** The content bucket, imported by attributes: the stateful stack owns its policy. */
  readonly bucket: s3.IBucket;
  /** Adds WebSub `Link` headers when set. */
  readonly websubHub?: string;
}

/**
 * Public feeds and the public site: CloudFront in front of the bucket's `feeds/` and `pages/` prefixes only. Origin access control
 * signs requests (the bucket stays private; its policy lets the account's distributions read
 * `feeds/*` and nothing else), viewers must use HTTPS, responses are compressed at the edge (Atom and
 * JSON Feed are stored under generic types CloudFront compresses, and a viewer-response function gives
 * viewers their own media types back: functions/publish/edge-media-types.ts), and the cache policy
 * keeps whatever Cache-Control the publish Lambda wrote (min TTL 0), with a short default for objects
 * that carry none. ETag and Last-Modified come from S3, so revalidation gives 304s.
 *
 * Pages get the site's security headers (the Content-Security-Policy of functions/core/site/csp.ts,
 * the same the local feed server sends), a function that serves a withdrawn article's page as 410,
 * and the home page at the distribution's root.
 */
export class FeedsCdn extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly cachePolicy: cloudfront.CachePolicy;

  constructor(scope: Construct, id: string, props: FeedsCdnProps) {
    super(scope, id);
    // Cache policies, response headers policies and CloudFront Functions are global to the account: the region in their names lets
    // one stage be deployed to two regions of an account without a collision.
    const region = Stack.of(this).region;
    this.cachePolicy = new cloudfront.CachePolicy(this, 'HonourOrigin', {
      cachePolicyName: resourceName(props.stage, `feeds-honour-origin-${region}`),
      comment: 'TTL from the object Cache-Control; 60 s when it has none',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // One viewer-response function per behaviour (CloudFront takes one per event type): the feeds' media types, and the hub's Link headers.
    const feedResponse = new cloudfront.Function(this, 'FeedResponse', {
      functionName: resourceName(props.stage, `feed-response-${region}`),
      // CloudFront caps a function's comment at 128 characters.
      comment: `Viewer media types for Atom and JSON Feed, stored as XML and JSON so CloudFront compresses them${props.websubHub ? '; WebSub Link' : ''}`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(feedResponseFunctionCode(props.websubHub)),
    });
    const functionAssociations: cloudfront.FunctionAssociation[] = [{ function: feedResponse, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE }];

    const origin = S3BucketOrigin.withOriginAccessControl(props.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    // Feeds are public documents: any web reader may fetch them (the local feed server sends the same).
    const feedHeaders = new cloudfront.ResponseHeadersPolicy(this, 'FeedHeaders', {
      responseHeadersPolicyName: resourceName(props.stage, `feed-headers-${region}`),
      comment: 'CORS for the public feeds: any origin may GET them and read ETag, Last-Modified and Link',
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlExposeHeaders: ['ETag', 'Last-Modified', 'Link'],
        originOverride: true,
      },
      // One URL, two bodies (plain and compressed at the edge, chosen by Accept-Encoding): caches after ours must key on it.
      customHeadersBehavior: { customHeaders: [{ header: 'Vary', value: 'Accept-Encoding', override: true }] },
    });
    const feedsBehaviour: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy: this.cachePolicy,
      responseHeadersPolicy: feedHeaders,
      functionAssociations,
    };
    const pageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'PageHeaders', {
      responseHeadersPolicyName: resourceName(props.stage, `page-headers-${region}`),
      comment: 'Strict CSP (no script, the inline stylesheet by hash) and the usual hardening headers for the public pages',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
      },
    });
    const pageStatus = new cloudfront.Function(this, 'PageStatus', {
      functionName: resourceName(props.stage, `page-status-${region}`),
      comment: "Serves a withdrawn article's page as 410 Gone, from the status the publish function stored",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(pageStatusFunctionCode()),
    });
    const pagesBehaviour: cloudfront.BehaviorOptions = {
      ...feedsBehaviour,
      responseHeadersPolicy: pageHeaders,
      functionAssociations: [{ function: pageStatus, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE }],
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${resourceName(props.stage, 'feeds')}: public feeds and site`,
      // Anything outside feeds/ and pages/ is denied by the bucket policy; the default behaviour exists
      // only because CloudFront requires one (and serves the root, the home page, as a page).
      defaultBehavior: pagesBehaviour,
      defaultRootObject: HOME_PAGE_KEY,
      additionalBehaviors: { [`/${bucketDefinition.prefixes.feeds}*`]: feedsBehaviour, [`/${bucketDefinition.prefixes.pages}*`]: pagesBehaviour },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        reason: "The stateful stack's bucket policy already lets this account's distributions read feeds/* (and nothing else).",
      },
      { id: 'AwsSolutions-CFR1', reason: 'Feeds are public syndication content meant for partners in any country; no geo restriction applies.' },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'Public, cached, read-only feeds: CloudFront metrics cover traffic and errors. Standard logs to S3 need an ACL-enabled bucket, which the project avoids (every bucket enforces bucket-owner ownership).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; viewers are HTTPS-only. Attach a custom domain and certificate to enforce TLSv1.2_2021 (README, Deploy).',
      },
      { id: 'AwsSolutions-CFR2', reason: 'Read-only, cached, GET/HEAD-only static feeds with no forms or query handling; a WAF adds cost without a threat it would stop. Revisit if abuse shows up in the metrics.' },
    );
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
