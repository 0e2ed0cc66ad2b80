package io.relevo.intents;

import io.relevo.texts.Lang;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Chooses "es" or "en" for a message: OpenNLP's language detector (model from the
 * {@code opennlp-models-langdetect} jar), restricted to Spanish and English; short texts trust the caller's
 * hint, and Spanish/English cue words and Spanish letters decide very short texts.
 *
 * <p>Thread-safe: the model is shared (loaded once per class loader), one {@link LanguageDetectorME} per thread.
 */
final class LanguageGuesser {

    static final String ES = Lang.ES.tag();
    static final String EN = Lang.EN.tag();
    private static final int SHORT_TEXT = 20;
    /** Added to the hinted language's score (the detector's confidences, over 100 languages, are about 0.01–0.03). */
    private static final double HINT_PRIOR = 0.005;

    private static final Set<String> SPANISH_CUES = Set.of("hola", "gracias", "buenos", "buenas", "dias", "tardes", "noches", "adios",
            "quiero", "necesito", "por", "favor", "mi", "mis", "el", "la", "los", "las", "de", "del",
            "que", "no", "si", "vale", "claro", "un", "una", "es", "esta", "estado", "ayuda",
            "persona", "humano", "agente", "hablar", "con", "para", "como", "cual", "donde", "cuando",
            "mañana", "hoy", "ayer", "ticket", "contraseña", "contrasena", "portatil", "impresora",
            "correo", "vacaciones", "perfecto", "genial", "bien", "mal", "fatal", "nada", "chao",
            "hasta", "luego", "pronto", "muchas", "cancelar", "cancela", "estoy", "tengo", "puedo",
            "pueden", "funciona", "oye", "ok", "sí", "también", "tambien", "olvidé", "olvide",
            "incidencia", "solicitud", "pasado", "próximo", "proximo", "lunes", "martes", "miercoles",
            "miércoles", "jueves", "viernes", "sabado", "sábado", "domingo", "equipo", "acceso",
            "nuevo", "nueva", "pantalla", "ratón", "raton", "teclado", "ordenador", "y", "o", "en",
            "me", "se", "te", "lo", "le", "nos", "hay", "dan", "algo", "pero", "porque", "cuanto", "cuantos", "cuanta",
            "quien", "sobre", "sin", "al", "su", "sus", "ya", "muy", "este", "esto", "eso", "todo", "hace", "puede",
            "tiene", "va", "han", "hacer", "pido", "pedir", "dónde", "cuándo", "cómo", "qué", "quién", "cuánto");
    private static final Set<String> ENGLISH_CUES = Set.of("hi", "hello", "hey", "thanks", "thank", "you", "bye", "goodbye", "please",
            "the", "my", "i", "is", "are", "want", "need", "help", "yes", "yeah", "nope", "sure", "ok",
            "okay", "what", "where", "when", "how", "status", "human", "agent", "person", "talk",
            "with", "to", "of", "and", "or", "it", "this", "that", "great", "bad", "awesome", "good",
            "morning", "evening", "cancel", "password", "laptop", "printer", "email", "vacation",
            "today", "tomorrow", "yesterday", "next", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday", "can", "could", "would", "do", "does", "don't", "not",
            "new", "access", "broken", "working", "works", "a", "an", "in", "on", "for", "me");

    private static volatile LanguageDetectorModel model;
    private final ThreadLocal<LanguageDetectorME> detector = ThreadLocal.withInitial(() -> new LanguageDetectorME(model()));

    static LanguageDetectorModel model() {
        LanguageDetectorModel m = model;
        if (m == null) {
            synchronized (LanguageGuesser.class) {
                m = model;
                if (m == null) {
                    try (InputStream in = LanguageGuesser.class.getClassLoader().getResourceAsStream("langdetect-183.bin")) {
                        if (in == null) {
                            throw new IllegalStateException("langdetect-183.bin (opennlp-models-langdetect) not on the class path");
                        }
                        m = new LanguageDetectorModel(in);
                        model = m;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot load the language detection model", e);
                    }
                }
            }
        }
        return m;
    }

    /** @param hint "es", "en" or null */
    String guess(String text, String hint) {
        String h = normaliseHint(hint);
        String t = text == null ? "" : text.strip();
        boolean spanishLetters = t.chars().anyMatch(c -> "ñáéíóúü¿¡ÑÁÉÍÓÚÜ".indexOf(c) >= 0);
        int letters = (int) t.codePoints().filter(Character::isLetter).count();
        if (letters == 0) {
            return h != null ? h : EN;
        }
        double cue = cueScore(t);
        if (t.length() < SHORT_TEXT) {
            if (h != null) {
                return h;
            }
            if (spanishLetters || cue > 0) {
                return ES;
            }
            if (cue < 0) {
                return EN;
            }
        }
        String sample = t.length() > 1000 ? t.substring(0, 1000) : t;
        double es = 0;
        double en = 0;
        for (Language l : detector.get().predictLanguages(sample)) {
            if ("spa".equals(l.getLang())) {
                es = l.getConfidence();
            } else if ("eng".equals(l.getLang())) {
                en = l.getConfidence();
            }
        }
        es += spanishLetters ? 0.05 : 0;
        es += 0.02 * cue;
        // the conversation's language is the prior: it decides when the detector's two scores are this close
        // ("nos dan tickets restaurante?": 0.014 against 0.015) and no cue word tips them
        if (ES.equals(h)) {
            es += HINT_PRIOR;
        } else if (EN.equals(h)) {
            en += HINT_PRIOR;
        }
        if (Math.abs(es - en) < 1e-3) {
            return h != null ? h : (spanishLetters ? ES : EN);
        }
        return es > en ? ES : EN;
    }

    private static double cueScore(String text) {
        List<String> words = TextFeatures.tokens(text);
        double score = 0;
        for (String w : words) {
            boolean es = SPANISH_CUES.contains(w);
            boolean en = ENGLISH_CUES.contains(w);
            if (es && !en) {
                score++;
            } else if (en && !es) {
                score--;
            }
        }
        return score;
    }

    static String normaliseHint(String hint) {
        if (hint == null) {
            return null;
        }
        if (hint.strip().toLowerCase(java.util.Locale.ROOT).startsWith("spa")) {
            return ES;
        }
        return Lang.parse(hint).map(Lang::tag).orElse(null);
    }
}
