package io.relevo.intents;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dev tool: per-message CPU of {@link IntentEngine#analyze} with the cascade against the whole ensemble on the same
 * model, the share of messages the first stage decides, and how often the two decide differently.
 * {@code java -cp intents/target/classes:intents/target/test-classes:CP io.relevo.intents.CascadeCost MESSAGES.tsv [rounds]}
 *
 * <p>Two message sets: the benchmark messages ({@code lang<TAB>text} lines, {@code #} comments) analysed by the
 * engine trained on all the shipped data (as {@link IntentService} trains it), and {@code OwnDataAccuracyTest}'s
 * held-out fifth analysed by the engine trained on the rest (as {@link TestEngines} trains it). CPU is the
 * analysing thread's CPU time (ONNX runs on the calling thread: one intra-op thread); each message is analysed
 * in both modes alternately in every round, after two warm-up rounds.
 */
final class CascadeCost {

    record Message(String language, String text, String gold) {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        machine();
        List<Message> bench = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t", 2);
                bench.add(new Message(f[0], f[1], null));
            }
        }
        try (IntentEngine shipped = IntentEngine.builder().guardedIntents(IntentService.TICKET_ACTIONS).cascade(true)
                .progress(line -> { if (line.contains("first stage") || line.contains("calibrated")) System.out.println("  " + line); })
                .train(TrainingData.shipped(), null)) {
            measure("benchmark messages, model trained on all shipped data", shipped, bench, rounds);
        }
        TestEngines.HeldOut heldOut = heldOutQuietly();
        List<Message> held = heldOut.heldOut().stream().map(e -> new Message(e.language(), e.text(), e.intent())).toList();
        measure("OwnDataAccuracyTest held-out fifth, model trained on the rest", heldOut.engine(), held, rounds);
        heldOut.engine().close();
    }

    private static TestEngines.HeldOut heldOutQuietly() {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                for (String line : toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("first stage") || line.contains("calibrated")) {
                        out.println(line);
                    }
                }
                reset();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return TestEngines.heldOut();
        } finally {
            System.setOut(out);
        }
    }

    private static void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, %s %s, Java %s; load average %.2f%n", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void measure(String title, IntentEngine engine, List<Message> messages, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = messages.size();
        for (int warm = 0; warm < 2; warm++) {
            for (Message m : messages) {
                engine.staged(m.text(), m.language(), IntentEngine.Effort.WHOLE);
                engine.staged(m.text(), m.language(), IntentEngine.Effort.CASCADE);
            }
        }
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long[][] cpu = new long[2][n * rounds];
        long[] wall = new long[2];
        int firstStage = 0, differ = 0, wholeTicketActions = 0, fullCorrect = 0, cascadeCorrect = 0, guardLeaks = 0;
        Map<String, int[]> byLanguage = new HashMap<>();
        List<String> differences = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                Message m = messages.get(i);
                IntentEngine.Staged[] out = new IntentEngine.Staged[2];
                for (int k = 0; k < 2; k++) {
                    int mode = (i + r + k) % 2; // alternate which mode runs first
                    long c0 = threads.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    out[mode] = engine.staged(m.text(), m.language(), mode == 1 ? IntentEngine.Effort.CASCADE : IntentEngine.Effort.WHOLE);
                    wall[mode] += System.nanoTime() - w0;
                    cpu[mode][r * n + i] = threads.getCurrentThreadCpuTime() - c0;
                }
                if (r > 0) {
                    continue;
                }
                Analysis full = out[0].analysis(), cascade = out[1].analysis();
                boolean first = out[1].stage() == 1;
                wholeTicketActions += !full.outOfScope() && IntentService.TICKET_ACTIONS.contains(full.top().intent()) ? 1 : 0;
                firstStage += first ? 1 : 0;
                int[] lang = byLanguage.computeIfAbsent(m.language(), x -> new int[2]);
                lang[0] += first ? 1 : 0;
                lang[1]++;
                if (!decision(full).equals(decision(cascade))) {
                    differ++;
                    differences.add("  differs (" + (first ? "first stage" : "?") + "): [" + m.language() + "] \"" + m.text()
                            + "\" full " + decision(full) + " " + full.top() + ", cascade " + decision(cascade) + " " + cascade.top());
                }
                if (m.gold() != null) {
                    fullCorrect += correct(m, full) ? 1 : 0;
                    cascadeCorrect += correct(m, cascade) ? 1 : 0;
                    boolean source = m.gold().equals(TrainingData.OUT_OF_SCOPE) || m.gold().equals("ask_human");
                    guardLeaks += source && !cascade.outOfScope() && IntentService.TICKET_ACTIONS.contains(cascade.top().intent()) ? 1 : 0;
                }
            }
        }
        double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%n== %s: %d messages x %d rounds (load average %.2f -> %.2f)%n", title, n, rounds, load0, load1);
        System.out.printf(Locale.ROOT, "first stage decides %d/%d = %.1f %% %s; decisions differing from the whole ensemble: %d%n",
                firstStage, n, 100.0 * firstStage / n, perLanguage(byLanguage), differ);
        differences.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "ticket actions accepted by the whole ensemble (always decided by it): %d/%d%n", wholeTicketActions, n);
        if (messages.get(0).gold() != null) {
            System.out.printf(Locale.ROOT, "accuracy: whole ensemble %d/%d, cascade %d/%d; ask_human/out-of-scope taken as a ticket action by the cascade: %d%n",
                    fullCorrect, n, cascadeCorrect, n, guardLeaks);
        }
        for (int mode = 0; mode < 2; mode++) {
            long[] c = cpu[mode].clone();
            Arrays.sort(c);
            System.out.printf(Locale.ROOT, "%-15s thread CPU per message: mean %.3f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms; wall mean %.3f ms%n",
                    mode == 0 ? "whole ensemble" : "cascade", Arrays.stream(c).average().orElse(0) / 1e6, c[c.length / 2] / 1e6,
                    c[(int) (c.length * 0.9)] / 1e6, c[(int) (c.length * 0.99)] / 1e6, wall[mode] / 1e6 / c.length);
        }
    }

    private static String perLanguage(Map<String, int[]> byLanguage) {
        StringBuilder s = new StringBuilder("(");
        new java.util.TreeMap<>(byLanguage).forEach((l, c) -> s.append(s.length() > 1 ? ", " : "")
                .append(String.format(Locale.ROOT, "%s %d/%d = %.1f %%", l, c[0], c[1], 100.0 * c[0] / c[1])));
        return s.append(")").toString();
    }

    private static String decision(Analysis a) {
        return a.outOfScope() ? "out-of-scope" : a.top().intent();
    }

    private static boolean correct(Message m, Analysis a) {
        return m.gold().equals(TrainingData.OUT_OF_SCOPE) ? a.outOfScope() : !a.outOfScope() && a.top().intent().equals(m.gold());
    }
}
