package io.relevo.intents;

import io.relevo.texts.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Lifecycle of the intent model: load from a content-addressed cache or train, analyse, retrain and swap.
 *
 * <p>The cache file name carries a SHA-256 of the training files, the gazetteer, the embedding models and
 * {@link #CODE_VERSION}; {@link #start()} reuses a matching file and otherwise trains and writes the model
 * atomically (temporary file, then move).
 *
 * <p>Thread-safety: {@link #analyze} may be called from any number of threads, also while {@link #retrain()}
 * runs; it always uses one complete engine (the reference is swapped atomically, and old engines stay usable
 * because the ONNX sessions are shared, owned by this service). {@link #start()} and {@link #retrain()} are
 * serialised. All methods block; Vert.x callers run them on a worker. {@link #close()} releases the ONNX
 * sessions: call it only once no {@code analyze} call is in flight.
 */
public final class IntentService implements AutoCloseable {

    /**
     * Bump when a code change makes cached models invalid. (intents-13: English without the nearest-neighbour
     * component; intents-12: the first stage is calibrated to agree with the whole ensemble on every calibration
     * example it decides; intents-11: every model has the cascade first stage, which hurried analyses need;
     * intents-10 cached models with and without it under different keys.)
     */
    public static final String CODE_VERSION = "intents-13";

    /** Ticket actions: guarded, they need a calibrated higher confidence (see {@link IntentEngine.Builder#guardedIntents}). */
    public static final Set<String> TICKET_ACTIONS = Set.of("report_incident", "ticket_status", "list_my_tickets",
            "add_ticket_comment", "cancel_ticket");

    private static final Logger LOG = LoggerFactory.getLogger(IntentService.class);

    private final Path cacheDir;
    private final Path trainingDir;
    private final Path gazetteerFile;
    private final Clock clock;
    private final Set<EmbeddingModel> models;
    private final AtomicReference<IntentEngine> current = new AtomicReference<>();
    private final Object lifecycle = new Object();
    private Encoders encoders;
    /** The inputs hash of the engine in use; guarded by {@link #lifecycle}. */
    private String inUse;
    private volatile boolean cascade = Cascade.ENABLED;
    private final java.util.concurrent.atomic.LongAdder retiredHurried = new java.util.concurrent.atomic.LongAdder();

    /** Summary of a start or retrain. {@code heldOutAccuracy} is the calibration split's in-scope accuracy (NaN when loaded from cache). */
    public record Summary(int intents, int examples, long trainingMillis, boolean fromCache, double heldOutAccuracy, Path modelFile) {
    }

    /**
     * @param cacheDir      directory for trained models (created if missing)
     * @param trainingDir   directory of {@code *.yaml} training files, or null for the shipped data
     * @param gazetteerFile gazetteer YAML, or null for the shipped one
     * @param clock         clock for relative dates
     */
    public IntentService(Path cacheDir, Path trainingDir, Path gazetteerFile, Clock clock) {
        this(cacheDir, trainingDir, gazetteerFile, clock, EmbeddingModel.defaults());
    }

    /** As {@link #IntentService(Path, Path, Path, Clock)} with a choice of embedding models (empty: n-grams only). */
    public IntentService(Path cacheDir, Path trainingDir, Path gazetteerFile, Clock clock, Set<EmbeddingModel> models) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.trainingDir = trainingDir;
        this.gazetteerFile = gazetteerFile;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.models = models.isEmpty() ? EnumSet.noneOf(EmbeddingModel.class) : EnumSet.copyOf(models);
    }

    /**
     * Whether {@link #analyze(String, String)} lets the cascade's first stage decide the messages it is confident
     * about ({@link IntentEngine.Effort#CASCADE}) instead of running the whole ensemble on each; default: the
     * system property {@code relevo.intents.cascade} (true). Every model this service trains has the first stage
     * (for {@link #analyze(String, String, boolean) hurried} analyses), so the choice does not change the model.
     */
    public IntentService cascade(boolean cascade) {
        this.cascade = cascade;
        return this;
    }

    /** Loads the cached model matching the current files, or trains one and caches it. Idempotent. */
    public Summary start() {
        synchronized (lifecycle) {
            if (encoders == null) {
                encoders = new Encoders(models.stream().map(m -> m.kind).toList());
            }
            Inputs inputs = readInputs();
            Path file = cacheDir.resolve("intents-" + inputs.hash() + ".model");
            if (Files.isRegularFile(file)) {
                long t0 = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    IntentEngine engine = builder(inputs).load(in);
                    swapIn(engine);
                    inUse = inputs.hash();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    LOG.info("intent model loaded from {} in {} ms", file, ms);
                    return new Summary(engine.intents().size(), inputs.data().examples().size(), 0, true,
                            engine.heldOutAccuracy(), file);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cached intent model {} unusable, retraining: {}", file, e.toString());
                }
            }
            return trainAndSwap(inputs, file);
        }
    }

    /**
     * Trains from the current files and swaps the new engine in; concurrent {@link #analyze} calls keep working.
     * When the files (training data, gazetteer) are those of the engine in use, training would give the same model:
     * it is kept, and the summary says {@code fromCache} with no training time.
     */
    public Summary retrain() {
        synchronized (lifecycle) {
            if (encoders == null) {
                return start();
            }
            Inputs inputs = readInputs();
            Path file = cacheDir.resolve("intents-" + inputs.hash() + ".model");
            IntentEngine engine = current.get();
            if (inputs.hash().equals(inUse) && engine != null) {
                LOG.info("intent training files unchanged since the model in use; kept it");
                return new Summary(engine.intents().size(), inputs.data().examples().size(), 0, true,
                        engine.heldOutAccuracy(), file);
            }
            return trainAndSwap(inputs, file);
        }
    }

    public boolean ready() {
        return current.get() != null;
    }

    /**
     * Analyses a message with the current engine.
     *
     * @throws IllegalStateException before {@link #start()} completed
     */
    public Analysis analyze(String text, String localeHint) {
        return analyze(text, localeHint, false);
    }

    /**
     * As {@link #analyze(String, String)}; with {@code hurried} the first stage decides every message but a ticket
     * action ({@link IntentEngine.Effort#HURRIED}): for a turn that already waited too long on an overloaded machine.
     *
     * @throws IllegalStateException before {@link #start()} completed
     */
    public Analysis analyze(String text, String localeHint, boolean hurried) {
        IntentEngine engine = current.get();
        if (engine == null) {
            throw new IllegalStateException("intent service not started");
        }
        return engine.analyze(text, localeHint, hurried ? IntentEngine.Effort.HURRIED
                : cascade ? IntentEngine.Effort.CASCADE : IntentEngine.Effort.WHOLE);
    }

    /**
     * The entities (dates, departments, …) of {@code text} read as {@code language}, without classifying it: for a
     * message understood earlier whose analysis was not kept. Thread-safe; empty before {@link #start()} completed.
     */
    public List<Entity> entities(String text, String language) {
        IntentEngine engine = current.get();
        return engine == null ? List.of() : engine.entities(text, language);
    }

    /**
     * Hurried analyses the first stage decided (all but ticket actions), since this service started (over every
     * engine it has used; thread-safe).
     */
    public long hurriedDecisions() {
        IntentEngine engine = current.get();
        return retiredHurried.sum() + (engine == null ? 0 : engine.hurriedDecisions());
    }

    private void swapIn(IntentEngine engine) {
        IntentEngine old = current.getAndSet(engine);
        if (old != null) {
            retiredHurried.add(old.hurriedDecisions());
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            current.set(null);
            inUse = null;
            if (encoders != null) {
                encoders.close();
                encoders = null;
            }
        }
    }

    private Summary trainAndSwap(Inputs inputs, Path file) {
        long t0 = System.nanoTime();
        IntentEngine engine = builder(inputs).progress(LOG::debug).train(inputs.data(), null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        swapIn(engine);
        inUse = inputs.hash();
        LOG.info("intent model trained on {} examples in {} ms", inputs.data().examples().size(), ms);
        writeAtomically(engine, file);
        return new Summary(engine.intents().size(), inputs.data().examples().size(), ms, false, engine.heldOutAccuracy(), file);
    }

    private IntentEngine.Builder builder(Inputs inputs) {
        return IntentEngine.builder().clock(clock).gazetteer(inputs.gazetteer()).embeddingModels(models)
                .guardedIntents(TICKET_ACTIONS).sharedEncoders(encoders).cascade(true);
    }

    private void writeAtomically(IntentEngine engine, Path file) {
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "intents-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    engine.save(out);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("cannot cache the intent model in {}: {}", cacheDir, e.toString());
        }
    }

    private record Inputs(TrainingData data, Gazetteer gazetteer, String hash) {
    }

    private Inputs readInputs() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((CODE_VERSION + "|" + models + "|").getBytes(StandardCharsets.UTF_8));
            TrainingData data;
            if (trainingDir == null) {
                for (Lang lang : Lang.values()) {
                    String resource = "io/relevo/intents/data/" + lang.tag() + ".yaml";
                    try (InputStream in = IntentService.class.getClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalStateException(resource + ": not on the class path");
                        }
                        md.update(in.readAllBytes());
                    }
                }
                data = TrainingData.shipped();
            } else {
                try (Stream<Path> files = Files.list(trainingDir)) {
                    for (Path f : files.filter(TrainingData::isYaml).sorted().toList()) {
                        md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                        md.update(Files.readAllBytes(f));
                    }
                }
                data = TrainingData.loadDirectory(trainingDir);
            }
            Gazetteer gazetteer = gazetteerFile == null ? Gazetteer.shipped() : Gazetteer.load(gazetteerFile);
            md.update(gazetteer.sourceBytes());
            return new Inputs(data, gazetteer, HexFormat.of().formatHex(md.digest()).substring(0, 32));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read intent training data", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
