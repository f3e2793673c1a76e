export { createKafkaClient } from './client.js';
export { kafkaConfig, KAFKA_ENV } from './config.js';
export type { KafkaConfig, KafkaConfigInput } from './config.js';
export { createDlqWriter, toDlqRecord } from './dlq.js';
export type { DlqEntry, DlqWriter } from './dlq.js';
export { decodeJson } from './decode.js';
export { latestByKey } from './table.js';
export type { Decoded } from './decode.js';
export { KafkaUnavailable, KafkaTopicSetupFailed, KafkaReadTimeout } from './errors.js';
export type {
  OutRecord,
  Producer,
  ProducerOptions,
  ConsumedRecord,
  ConsumedBatch,
  BatchHandler,
  Assignment,
  ConsumerOptions,
  BatchConsumer,
  PartitionOffsets,
  KafkaClient,
} from './types.js';
