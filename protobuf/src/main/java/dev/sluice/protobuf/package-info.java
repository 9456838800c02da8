/** Marshalling protobuf-java messages: {@link dev.sluice.protobuf.ProtoMarshaller}. */
package dev.sluice.protobuf;
