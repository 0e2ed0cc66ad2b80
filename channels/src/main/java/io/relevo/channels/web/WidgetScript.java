package io.relevo.channels.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The widget's one script. A host page includes one URL, {@code /widget.js}; its source is written
 * as several files by idea under {@code webroot/widget/} and served as their concatenation in the
 * order of {@link #PARTS}. The parts share one function scope: the first opens it and the last
 * closes it, so the widget puts nothing on the host page's globals but what it always did. None is
 * a script on its own, so none is served alone. Stateless and thread-safe; {@link #source()} reads
 * the class path (blocking: call it on a worker).
 */
public final class WidgetScript {

  /** The class-path name served as {@code /widget.js}, though no such file is bundled. */
  public static final String RESOURCE = "webroot/widget.js";

  private static final String FOLDER = "webroot/widget";

  /**
   * The parts, in the order they are concatenated and run: a part's top-level statements may use
   * only what earlier parts declare (its functions, called later, may use anything in the scope).
   */
  public static final List<String> PARTS = List.of(
      FOLDER + "/setup.js",      // opens the scope: the host's options, the language and texts, el()
      FOLDER + "/elements.js",   // the launcher and the panel's elements, built once
      FOLDER + "/connection.js", // the conversation's state, its WebSocket, what the person sends
      FOLDER + "/messages.js",   // messages shown: text as lists and links, thinking, typing, quick replies
      FOLDER + "/ending.js",     // ending a conversation: the confirmation, the rating, starting again
      FOLDER + "/catalogue.js",  // the service catalogue in the panel; requests the host page starts
      FOLDER + "/focus.js",      // focus kept inside the panel while it covers the screen
      FOLDER + "/panel.js");     // opening and closing, the menu; puts the widget on the page; closes the scope

  private WidgetScript() {
  }

  /** Whether a class-path name is the parts' folder or in it: nothing there is served alone. */
  public static boolean inPartsFolder(String name) {
    return name.equals(FOLDER) || name.startsWith(FOLDER + "/");
  }

  /** The parts, concatenated: widget.js as the server has it before the catalogue's texts are written in. */
  public static byte[] source() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : PARTS) {
      try (InputStream in = WidgetScript.class.getClassLoader().getResourceAsStream(part)) {
        if (in == null) {
          throw new IOException("widget.js: its part " + part + " is not on the class path");
        }
        in.transferTo(out);
      }
    }
    return out.toByteArray();
  }
}
