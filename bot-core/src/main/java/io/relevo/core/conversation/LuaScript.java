package io.relevo.core.conversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script run by its SHA1, loaded on first use or after a Redis restart forgot it.
 * Thread-safe and immutable.
 */
public final class LuaScript {

  private final String source;
  private final String sha;
  private final ScriptOutputType output;

  private LuaScript(String source, ScriptOutputType output) {
    this.source = source;
    this.sha = sha1Hex(source);
    this.output = output;
  }

  /** Loads {@code name} from the classpath next to {@code owner}. */
  public static LuaScript load(Class<?> owner, String name, ScriptOutputType output) {
    return load(owner, output, name);
  }

  /**
   * Loads the concatenation of {@code names} from the classpath next to {@code owner}: shared
   * functions first, then the script that uses them.
   */
  public static LuaScript load(Class<?> owner, ScriptOutputType output, String... names) {
    StringBuilder source = new StringBuilder();
    for (String name : names) {
      try (InputStream in = owner.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing script " + name);
        }
        source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LuaScript(source.toString(), output);
  }

  public static LuaScript of(String source, ScriptOutputType output) {
    return new LuaScript(source, output);
  }

  public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, String[] keys,
      String... args) {
    CompletionStage<T> bySha = redis.evalsha(sha, output, keys, args);
    return bySha.handle((value, error) -> {
      if (error == null) {
        return java.util.concurrent.CompletableFuture.completedStage(value);
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
      if (cause instanceof RedisNoScriptException) {
        return redis.<T>eval(source, output, keys, args);
      }
      return java.util.concurrent.CompletableFuture.<T>failedStage(cause);
    }).thenCompose(s -> s);
  }

  String sha() {
    return sha;
  }

  static String sha1Hex(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
