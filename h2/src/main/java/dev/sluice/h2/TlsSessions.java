package dev.sluice.h2;

import dev.sluice.transport.TlsInfo;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads a channel's TLS session into the transport SPI's {@link TlsInfo}. */
final class TlsSessions {

  private TlsSessions() {}

  /** The session's facts, or null without TLS or before the handshake is done. */
  static TlsInfo of(Channel ch, boolean client, String authority) {
    SslHandler ssl = ch.pipeline().get(SslHandler.class);
    if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
      return null;
    }
    SSLEngine engine = ssl.engine();
    SSLSession session = engine.getSession();
    return new TlsInfo(session.getProtocol(), session.getCipherSuite(),
        client ? clientSni(engine, authority) : requestedServerName(session),
        peerCertificates(session));
  }

  private static String requestedServerName(SSLSession session) {
    if (session instanceof ExtendedSSLSession e) {
      try {
        for (SNIServerName n : e.getRequestedServerNames()) {
          if (n instanceof SNIHostName h) {
            return h.getAsciiName();
          }
        }
      } catch (UnsupportedOperationException ignored) {
        // a provider that does not keep the requested names: none known
      }
    }
    return null;
  }

  private static String clientSni(SSLEngine engine, String authority) {
    var names = engine.getSSLParameters().getServerNames();
    if (names != null) {
      for (SNIServerName n : names) {
        if (n instanceof SNIHostName h) {
          return h.getAsciiName();
        }
      }
    }
    return engine.getPeerHost() != null ? engine.getPeerHost() : authority;
  }

  private static List<X509Certificate> peerCertificates(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // the peer presented no certificate
    }
    List<X509Certificate> out = new ArrayList<>(chain.length);
    for (Certificate c : chain) {
      if (c instanceof X509Certificate x) {
        out.add(x);
      }
    }
    return out;
  }
}
