package dev.sluice.stub;

/**
 * Both sides of a blocking bidi call. One thread may read while another writes.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public interface ServerReaderWriter<Req, Resp> extends ServerReader<Req>, ServerWriter<Resp> {}
