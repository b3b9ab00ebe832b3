/**
 * What a running `npm start` records in its data folder (`runtime.json`) so
 * `syndicate invoke`, in another process, reaches the same services.
 */
import { join } from 'node:path';

export interface RuntimeInfo {
  pid: number;
  apiUrl: string;
  sqsEndpoint: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  deliveriesQueueUrl: string;
  deliveriesDlqUrl: string;
  publishDlqUrl?: string;
}

export const runtimeInfoPath = (dataDir: string): string => join(dataDir, 'runtime.json');
