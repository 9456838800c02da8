package dev.sluice.services.health;

import dev.sluice.Status;
import dev.sluice.services.health.v1.HealthCheckRequest;
import dev.sluice.services.health.v1.HealthCheckResponse;
import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.services.health.v1.HealthListRequest;
import dev.sluice.services.health.v1.HealthListResponse;
import dev.sluice.services.health.v1.HealthSluice;
import dev.sluice.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.Objects;

/** {@code grpc.health.v1.Health} over a {@link HealthStatusManager}. */
final class HealthService extends HealthSluice.HealthAsyncImplBase {

  private final HealthStatusManager manager;

  HealthService(HealthStatusManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  @Override
  public void check(HealthCheckRequest request,
      ServerCallStreamObserver<HealthCheckResponse> responses) {
    ServingStatus status = manager.status(request.getService());
    if (status == null) {
      responses.onError(Status.NOT_FOUND
          .withDescription("Unknown service '" + request.getService() + "'").asException());
      return;
    }
    responses.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
    responses.onCompleted();
  }

  @Override
  public void list(HealthListRequest request,
      ServerCallStreamObserver<HealthListResponse> responses) {
    Map<String, ServingStatus> all = manager.statuses();
    if (all.size() > HealthStatusManager.LIST_LIMIT) {
      responses.onError(Status.RESOURCE_EXHAUSTED.withDescription("The server has "
          + all.size() + " services, more than the " + HealthStatusManager.LIST_LIMIT
          + " that List answers with; ask Check for each").asException());
      return;
    }
    HealthListResponse.Builder out = HealthListResponse.newBuilder();
    all.forEach((name, status) ->
        out.putStatuses(name, HealthCheckResponse.newBuilder().setStatus(status).build()));
    responses.onNext(out.build());
    responses.onCompleted();
  }

  /** Sends the current status, then every change, until the client goes away. */
  @Override
  public void watch(HealthCheckRequest request,
      ServerCallStreamObserver<HealthCheckResponse> responses) {
    String service = request.getService();
    HealthStatusManager.Watcher watcher = new HealthStatusManager.Watcher() {
      private ServingStatus last;

      @Override
      public void onStatus(ServingStatus status) {
        // Called under the manager's lock, so never twice at once.
        if (status != last && !responses.isCancelled()) {
          last = status;
          responses.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
        }
      }
    };
    responses.setOnCancelHandler(() -> manager.unwatch(service, watcher));
    manager.watch(service, watcher);
    if (responses.isCancelled()) {
      manager.unwatch(service, watcher);
    }
  }
}
