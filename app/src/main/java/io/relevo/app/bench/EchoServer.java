package io.relevo.app.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The transport ceiling's server: a bare Vert.x HTTP server whose WebSockets echo every text
 * frame, with one verticle instance per core like Relevo's HTTP server. The benchmark runs it in
 * a JVM of its own ({@code java -cp relevo.jar io.relevo.app.bench.EchoServer PORT}), which
 * prints {@code listening PORT} when ready and runs until killed.
 */
public final class EchoServer {

  private EchoServer() {
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx();
    int actual = start(vertx, "127.0.0.1", port, Runtime.getRuntime().availableProcessors())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("listening " + actual);
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Deploys {@code instances} echo verticles sharing one port; completes with the port listened on. */
  public static Future<Integer> start(Vertx vertx, String host, int port, int instances) {
    int[] actual = new int[1];
    int listen = port == 0 ? -1 : port; // negative: one random port shared by all instances
    return vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(listen))
            .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
            .listen()
            .onSuccess(s -> actual[0] = s.actualPort());
      }
    }, new DeploymentOptions().setInstances(Math.max(1, instances))).map(id -> actual[0]);
  }
}
