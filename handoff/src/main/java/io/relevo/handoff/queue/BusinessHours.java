package io.relevo.handoff.queue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each queue is staffed: {@code handoff.hours} such as
 * {@code "it=Mon-Fri 08:00-20:00 Europe/Madrid; hr=Mon-Thu 09:00-17:00 Europe/Madrid"}. A queue
 * not named is open around the clock (the demo's default). Outside its hours a queue takes nobody:
 * the person is offered a ticket or a callback instead of waiting. Immutable and thread-safe.
 */
public final class BusinessHours {

  private static final Pattern ENTRY = Pattern.compile(
      "\\s*([a-z0-9_-]+)\\s*=\\s*([A-Za-z]{3})(?:-([A-Za-z]{3}))?\\s+(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})\\s+(\\S+)\\s*");

  private record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    boolean open(Instant at) {
      ZonedDateTime local = at.atZone(zone);
      LocalTime t = local.toLocalTime();
      return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
    }
  }

  private final Map<String, Window> windows;

  private BusinessHours(Map<String, Window> windows) {
    this.windows = Map.copyOf(windows);
  }

  /** Always open. */
  public static BusinessHours always() {
    return new BusinessHours(Map.of());
  }

  /** Parses the setting; throws {@link IllegalArgumentException} saying what is wrong. */
  public static BusinessHours parse(String spec) {
    Map<String, Window> windows = new HashMap<>();
    if (spec == null || spec.isBlank()) {
      return always();
    }
    for (String part : spec.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      Matcher m = ENTRY.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + part.strip() + "' is not QUEUE=Mon-Fri HH:MM-HH:MM Zone/Id");
      }
      DayOfWeek first = day(m.group(2));
      DayOfWeek last = m.group(3) == null ? first : day(m.group(3));
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
      LocalTime from = LocalTime.parse(pad(m.group(4)));
      LocalTime to = LocalTime.parse(pad(m.group(5)));
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("'" + part.strip() + "': the closing time must come after the opening time");
      }
      ZoneId zone;
      try {
        zone = ZoneId.of(m.group(6));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + part.strip() + "': unknown time zone " + m.group(6));
      }
      windows.put(m.group(1), new Window(days, from, to, zone));
    }
    return new BusinessHours(windows);
  }

  /** Whether {@code queue} is staffed at {@code at}. */
  public boolean isOpen(String queue, Instant at) {
    Window w = windows.get(queue);
    return w == null || w.open(at);
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown day '" + name + "' (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
  }

  private static String pad(String time) {
    return time.length() == 4 ? "0" + time : time.toLowerCase(Locale.ROOT);
  }
}
