package io.relevo.channels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** The widget's weight on a host page, measured in every build and reported in the test output. */
class WidgetSizeTest {

  private static int gzipped(String resource) throws IOException {
    try (InputStream in = WidgetSizeTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return gzipped(in.readAllBytes());
    }
  }

  private static int gzipped(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.size();
  }

  @Test
  void theWidgetStaysUnder30KilobytesGzipped() throws IOException {
    int js = gzipped(WidgetScript.source());
    int css = gzipped("/webroot/widget.css");
    System.out.printf("widget size (gzip -6): widget.js %d B + widget.css %d B = %d B (limit 30720 B)%n", js, css, js + css);
    assertThat(js + css).isLessThan(30 * 1024);
  }
}
