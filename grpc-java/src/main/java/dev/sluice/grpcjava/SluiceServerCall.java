package dev.sluice.grpcjava;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Status;
import dev.sluice.h2.netty.ChannelEndpoint;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import java.net.SocketAddress;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * A grpc-java {@link ServerCall} carried by a Sluice server {@link Call}. Sends go through a
 * {@link SendQueue} (headers, messages, then the status), receives follow {@code request(n)}, and
 * {@link ServerCallDriver} delivers what arrives to the application's listener.
 */
final class SluiceServerCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {

  private final Call call;
  private final MethodDescriptor<ReqT, RespT> method;
  private final SendQueue sends;
  private final Attributes attributes;
  private final SecurityLevel securityLevel;
  private final ServerCallDriver<ReqT, RespT> driver;

  private final Object lock = new Object();
  private int demand;
  private boolean receiving;
  private boolean inboundEnded;
  private boolean headersSent;
  private boolean closed;
  private volatile boolean compressMessages = true;
  private volatile io.grpc.Status closedWith;

  SluiceServerCall(Call call, MethodDescriptor<ReqT, RespT> method,
      ServerCallDriver<ReqT, RespT> driver, Attributes extraAttributes) {
    this.call = Objects.requireNonNull(call, "call");
    this.method = Objects.requireNonNull(method, "method");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.sends = new SendQueue(call, driver::onReady);
    Endpoint endpoint = call.endpoint();
    Attributes.Builder a = extraAttributes.toBuilder();
    boolean secure = false;
    if (endpoint != null) {
      SocketAddress remote = endpoint.remoteAddress();
      SocketAddress local = endpoint.localAddress();
      if (remote != null) {
        a.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, remote);
      }
      if (local != null) {
        a.set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, local);
      }
      secure = endpoint.isSecure();
      if (endpoint instanceof ChannelEndpoint ce) {
        SSLSession session = ce.sslSession();
        if (session != null) {
          a.set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session);
        }
      }
    }
    this.attributes = a.build();
    // In process (no endpoint) nothing leaves the JVM: grpc-java rates that as private too.
    this.securityLevel = secure || endpoint == null
        ? SecurityLevel.PRIVACY_AND_INTEGRITY : SecurityLevel.NONE;
  }

  @Override
  public void request(int numMessages) {
    if (numMessages < 0) {
      throw new IllegalArgumentException("numMessages must not be negative: " + numMessages);
    }
    synchronized (lock) {
      demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + numMessages);
    }
    maybeReceive();
  }

  private void maybeReceive() {
    synchronized (lock) {
      if (receiving || demand == 0 || inboundEnded) {
        return;
      }
      receiving = true;
      demand--;
    }
    call.startBatch(new Batch().recvMessage(), (b, ok) -> {
      ReqT message = b.message();
      synchronized (lock) {
        receiving = false;
        inboundEnded |= message == null;
      }
      if (message == null) {
        if (ok && !call.isCancelled()) {
          driver.onHalfClose();
        }
        return;
      }
      driver.onMessage(message);
      maybeReceive();
    });
  }

  @Override
  public void sendHeaders(io.grpc.Metadata headers) {
    Objects.requireNonNull(headers, "headers");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The call is already closed");
      }
      if (headersSent) {
        throw new IllegalStateException("sendHeaders has already been called");
      }
      headersSent = true;
    }
    sends.start(new Batch().sendInitialMetadata(MetadataBridge.toSluice(headers)));
  }

  @Override
  public void sendMessage(RespT message) {
    Objects.requireNonNull(message, "message");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The call is already closed");
      }
      // Sluice sends empty headers first by itself when the application sent none.
      headersSent = true;
    }
    driver.outboundMessage();
    sends.send(message, compressMessages ? 0 : StreamOpBatch.FLAG_NO_COMPRESS);
  }

  @Override
  public boolean isReady() {
    return sends.isReady();
  }

  @Override
  public void close(io.grpc.Status status, io.grpc.Metadata trailers) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(trailers, "trailers");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The call is already closed");
      }
      closed = true;
    }
    closedWith = status;
    Status s = StatusBridge.detailsFrom(StatusBridge.toSluice(status), trailers);
    sends.close(new Batch().sendStatusFromServer(s, MetadataBridge.toSluice(trailers)));
  }

  /** The status the application closed the call with; null before. */
  io.grpc.Status closedWith() {
    return closedWith;
  }

  @Override
  public boolean isCancelled() {
    return call.isCancelled();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    compressMessages = enabled;
  }

  /** Compress responses with {@code compressor} when the client accepts it (else identity). */
  @Override
  public void setCompression(String compressor) {
    Objects.requireNonNull(compressor, "compressor");
    call.setCompression("identity".equals(compressor) ? null : compressor);
  }

  @Override
  public SecurityLevel getSecurityLevel() {
    return securityLevel;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public String getAuthority() {
    return call.authority();
  }

  @Override
  public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
    return method;
  }
}
