package io.relevo.intents;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A trained intent model with inference: language guess, intent classification with out-of-scope
 * detection, and entity extraction.
 *
 * <p>Thread-safety: immutable after construction; {@link #analyze} may be called from any number of threads
 * at once. It blocks (ONNX inference, a few milliseconds), so Vert.x callers run it on a worker.
 *
 * <p>Ownership: an engine built by {@link Builder#train} or {@link Builder#load} without
 * {@link Builder#sharedEncoders} owns its ONNX sessions and {@link #close()} releases them; with shared
 * encoders the caller keeps ownership and {@code close()} releases nothing. Calling {@code analyze} after
 * the owned sessions were closed fails.
 */
public final class IntentEngine implements AutoCloseable {

    static final int MODEL_FORMAT = 6;
    private static final int ALTERNATIVES = 4;
    private static final int MAX_ANALYSED_CHARS = 2_000;

    private final IntentClassifier classifier;
    private final Encoders encoders;
    private final boolean ownsEncoders;
    private final LanguageGuesser languages = new LanguageGuesser();
    private final EntityExtractor entities;
    private final java.util.concurrent.atomic.LongAdder analysed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder firstStage = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder hurried = new java.util.concurrent.atomic.LongAdder();

    private IntentEngine(IntentClassifier classifier, Encoders encoders, boolean ownsEncoders, Gazetteer gazetteer, Clock clock) {
        this.classifier = classifier;
        this.encoders = encoders;
        this.ownsEncoders = ownsEncoders;
        this.entities = new EntityExtractor(gazetteer, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * How much of the model analyses one message. A model without a cascade first stage (see {@code Cascade})
     * always runs the whole ensemble.
     */
    public enum Effort {
        /** The whole ensemble: n-grams, both encoders, nearest neighbours. */
        WHOLE,
        /** The first stage decides the messages it is confident about; the others get the whole ensemble. */
        CASCADE,
        /**
         * The first stage decides every message, confident or not, except when its decision concerns a ticket
         * action (a guarded intent), which only the whole ensemble accepts or rejects: for a turn that already
         * waited too long because the machine is overloaded. About 40 % less understanding CPU than {@link #WHOLE} on
         * the benchmark's messages, a few points less accurate (intents/README.md, "Hurried analysis").
         */
        HURRIED
    }

    /**
     * Analyses one message with {@link Effort#CASCADE}: with a model that has a cascade first stage (see
     * {@code Cascade}), messages the first stage is confident about are decided from the n-gram model, MiniLM and
     * the nearest neighbours alone, without running bge-small; the returned probabilities and alternatives are then
     * the first stage's.
     *
     * @param text       the user's message; null is treated as empty
     * @param localeHint "es", "en" (or a locale starting with them) or null
     */
    public Analysis analyze(String text, String localeHint) {
        return analyze(text, localeHint, Effort.CASCADE);
    }

    /** As {@link #analyze(String, String)} with the given effort. */
    public Analysis analyze(String text, String localeHint, Effort effort) {
        return staged(text, localeHint, effort).analysis();
    }

    /** The entities of a message's head in {@code language} (es or en), without classifying it; thread-safe. */
    public List<Entity> entities(String text, String language) {
        String t = text == null ? "" : text;
        return entities.extract(t.length() > MAX_ANALYSED_CHARS ? t.substring(0, MAX_ANALYSED_CHARS) : t, language);
    }

    /** An analysis and the cascade stage that decided it (1: first stage; 2: the whole ensemble). */
    record Staged(Analysis analysis, int stage) {
    }

    /** As {@link #analyze(String, String, Effort)}, with the stage that decided (for tests and measurements). */
    Staged staged(String text, String localeHint, Effort effort) {
        String t = text == null ? "" : text;
        // everything reads at most the head: a long message costs no more than its first MAX_ANALYSED_CHARS
        String head = t.length() > MAX_ANALYSED_CHARS ? t.substring(0, MAX_ANALYSED_CHARS) : t;
        String language = languages.guess(head, localeHint);
        float[] embedding;
        float[] p;
        int stage = 2;
        if (effort != Effort.WHOLE && classifier.hasCascade()) {
            embedding = encoders.embedFirst(head);
            IntentClassifier.FirstStage first = classifier.firstStage(head, embedding, language);
            if (first.decides() || (effort == Effort.HURRIED && first.ordinary())) {
                p = first.p();
                stage = 1;
                firstStage.increment();
                if (effort == Effort.HURRIED) {
                    hurried.increment();
                }
            } else {
                encoders.embedRest(head, embedding);
                p = classifier.secondStage(first, embedding, language);
            }
        } else {
            embedding = encoders.embed(head);
            p = classifier.probabilities(head, embedding, language);
        }
        analysed.increment();
        List<String> labels = classifier.labels();
        int best = classifier.bestInScope(p);
        List<IntentScore> ranked = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            if (!IntentClassifier.OOS.equals(labels.get(c))) {
                ranked.add(new IntentScore(labels.get(c), p[c]));
            }
        }
        ranked.sort(Comparator.comparingDouble(IntentScore::confidence).reversed());
        boolean blank = head.codePoints().noneMatch(Character::isLetterOrDigit) && head.codePoints().noneMatch(cp ->
                Character.getType(cp) == Character.OTHER_SYMBOL);
        boolean outOfScope = blank || classifier.outOfScope(p, language);
        IntentScore top = new IntentScore(labels.get(best), p[best]);
        List<IntentScore> alternatives = ranked.subList(1, Math.min(ranked.size(), 1 + ALTERNATIVES));
        float[] sentenceVector = head.length() == t.length() ? encoders.sentenceVector(head, embedding) : null;
        return new Staged(new Analysis(language, top, alternatives, outOfScope, entities.extract(head, language), sentenceVector), stage);
    }

    /** Messages analysed so far (thread-safe counter). */
    public long analysed() {
        return analysed.sum();
    }

    /**
     * Messages analysed so far that the cascade's first stage decided without the second encoder (thread-safe
     * counter; always 0 for a model without a first stage).
     */
    public long firstStageDecisions() {
        return firstStage.sum();
    }

    /**
     * Of {@link #firstStageDecisions()}, those of {@link Effort#HURRIED} analyses (thread-safe counter): the
     * messages understood without the second encoder because their turn had waited too long.
     */
    public long hurriedDecisions() {
        return hurried.sum();
    }

    /** The intents this engine can return (without the out-of-scope label). */
    public List<String> intents() {
        return classifier.labels().stream().filter(l -> !IntentClassifier.OOS.equals(l)).toList();
    }

    /** The calibrated out-of-scope threshold on the best in-scope probability. */
    public double threshold() {
        return classifier.threshold();
    }

    /** In-scope accuracy on the calibration data when trained (NaN if unknown). */
    public double heldOutAccuracy() {
        return classifier.heldOutAccuracy();
    }

    /** Writes the trained model (not the embedding models nor the gazetteer). Does not close {@code out}. */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        data.writeUTF("relevo-intents");
        data.writeInt(MODEL_FORMAT);
        List<BertEncoder.Kind> kinds = encoders.kinds();
        data.writeInt(kinds.size());
        for (BertEncoder.Kind k : kinds) {
            data.writeUTF(k.name());
        }
        data.writeInt(encoders.dimension());
        ClassifierFormat.write(classifier, data);
        data.flush();
    }

    @Override
    public void close() {
        if (ownsEncoders) {
            encoders.close();
        }
    }

    /** Configures training or loading. Not thread-safe; use one builder per thread. */
    public static final class Builder {
        private Clock clock = Clock.systemDefaultZone();
        private Gazetteer gazetteer;
        private Set<EmbeddingModel> models = EmbeddingModel.defaults();
        private Consumer<String> progress = line -> { };
        private Encoders shared;
        private boolean refit = true;
        private Set<String> guarded = Set.of();
        private double minOosRecall;
        private boolean cascade = Cascade.ENABLED;

        private Builder() {
        }

        /** Clock for relative dates ("tomorrow"); default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Default: {@link Gazetteer#shipped()}. */
        public Builder gazetteer(Gazetteer gazetteer) {
            this.gazetteer = Objects.requireNonNull(gazetteer);
            return this;
        }

        /** Embedding models to combine with the n-gram model (empty = n-grams only). Default MiniLM + bge-small. */
        public Builder embeddingModels(Set<EmbeddingModel> models) {
            this.models = models.isEmpty() ? EnumSet.noneOf(EmbeddingModel.class) : EnumSet.copyOf(models);
            return this;
        }

        /** Receives human-readable progress lines while training. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /**
         * Whether the final model is refitted on training plus calibration examples after the mixing weight and
         * threshold were chosen (default true). With false the calibration examples only calibrate.
         */
        public Builder refitWithCalibrationData(boolean refit) {
            this.refit = refit;
            return this;
        }

        /**
         * Intents that must not fire by mistake (e.g. ticket actions): they are accepted only above a
         * probability (at least 0.4, at most 0.6) and below a maximum probability of out of scope plus
         * {@code ask_human} (the labels a ticket action must never be taken for), both
         * chosen on calibration data to trade the out-of-scope and {@code ask_human} calibration examples that
         * would pass (each weighs like 10 lost correct predictions) against correct guarded predictions lost;
         * otherwise the analysis is out of scope.
         */
        public Builder guardedIntents(Set<String> intents) {
            this.guarded = Set.copyOf(intents);
            return this;
        }

        /**
         * Operating point for out-of-scope detection: with {@code recall > 0} the threshold maximises in-scope
         * accuracy on the calibration data among thresholds that reject at least this share of its
         * out-of-scope examples. Default 0: maximise in-scope accuracy + 0.2 × out-of-scope recall.
         */
        public Builder minOosRecall(double recall) {
            this.minOosRecall = recall;
            return this;
        }

        /**
         * Whether the model gets a cascade first stage (needs two embedding models): messages it is confident
         * about are then analysed without the second encoder (bge-small), about a third less CPU per message on
         * Relevo's data. Its settings are chosen on the calibration data so that the cascade decides like the whole
         * ensemble on all of it (system property {@code relevo.intents.cascadeAgreement}, default 1), and a ticket
         * action is only ever accepted by the whole ensemble.
         * Default: the system property {@code relevo.intents.cascade} (true).
         */
        public Builder cascade(boolean cascade) {
            this.cascade = cascade;
            return this;
        }

        Builder sharedEncoders(Encoders encoders) {
            this.shared = encoders;
            return this;
        }

        private Encoders encoders(List<BertEncoder.Kind> kinds) {
            if (shared != null) {
                if (!shared.kinds().equals(kinds)) {
                    throw new IllegalStateException("shared encoders " + shared.kinds() + " differ from " + kinds);
                }
                return shared;
            }
            return new Encoders(kinds);
        }

        /**
         * Trains a new engine. The mixing weights and out-of-scope threshold are chosen on {@code calibration};
         * when it is null, on 5-fold cross-validated predictions (up to 6,000 examples; refit on) or else on every
         * 10th example of each label held out. Then, unless
         * {@link #refitWithCalibrationData(boolean) refitting} is off, the final model is trained on all
         * examples (training + calibration) with the chosen settings.
         */
        public IntentEngine train(TrainingData train, TrainingData calibration) {
            List<BertEncoder.Kind> kinds = models.stream().map(m -> m.kind).toList();
            Encoders enc = encoders(kinds);
            try {
                IntentClassifier classifier = Training.train(train, calibration, refit, guarded, minOosRecall, cascade, enc, progress);
                return new IntentEngine(classifier, enc, shared == null, gazetteer(), clock);
            } catch (RuntimeException | Error e) {
                if (shared == null) {
                    enc.close();
                }
                throw e;
            }
        }

        /** Loads a model written by {@link IntentEngine#save}. Does not close {@code in}. */
        public IntentEngine load(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            if (!"relevo-intents".equals(data.readUTF()) || data.readInt() != MODEL_FORMAT) {
                throw new IOException("not a relevo intent model of format " + MODEL_FORMAT);
            }
            int n = data.readInt();
            List<BertEncoder.Kind> kinds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                kinds.add(BertEncoder.Kind.valueOf(data.readUTF()));
            }
            int dimension = data.readInt();
            IntentClassifier classifier = ClassifierFormat.read(data);
            Encoders enc = encoders(kinds);
            if (enc.dimension() != dimension) {
                if (shared == null) {
                    enc.close();
                }
                throw new IOException("model was trained on " + dimension + "-dimensional embeddings, encoders give " + enc.dimension());
            }
            if (classifier.hasCascade() && classifier.cascadeDims() != enc.firstWidth()) {
                if (shared == null) {
                    enc.close();
                }
                throw new IOException("model's first stage reads " + classifier.cascadeDims() + " components, the first encoder gives "
                        + enc.firstWidth());
            }
            return new IntentEngine(classifier, enc, shared == null, gazetteer(), clock);
        }

        private Gazetteer gazetteer() {
            return gazetteer != null ? gazetteer : Gazetteer.shipped();
        }
    }
}
