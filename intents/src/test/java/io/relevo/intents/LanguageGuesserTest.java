package io.relevo.intents;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageGuesserTest {

    private final LanguageGuesser guesser = new LanguageGuesser();

    @Test
    void longTextsAreDetected() {
        assertThat(guesser.guess("mi portátil no enciende desde ayer y necesito trabajar", null)).isEqualTo("es");
        assertThat(guesser.guess("my laptop does not turn on since yesterday and I need to work", null)).isEqualTo("en");
        assertThat(guesser.guess("my laptop does not turn on since yesterday and I need to work", "es"))
                .as("a long English text beats a Spanish hint").isEqualTo("en");
    }

    @Test
    void theConversationsLanguageDecidesCloseCalls() {
        assertThat(guesser.guess("nos dan tickets restaurante?", "es")).isEqualTo("es");
        assertThat(guesser.guess("hay parking para bicis?", "es")).isEqualTo("es");
        assertThat(guesser.guess("my laptop won't turn on", "es")).as("English typed in a Spanish conversation").isEqualTo("en");
        assertThat(guesser.guess("can someone reset my password", "es")).isEqualTo("en");
        assertThat(guesser.guess("teams no me deja compartir pantalla", "en")).isEqualTo("es");
    }

    @Test
    void shortTextsTrustTheHint() {
        assertThat(guesser.guess("ok", "es")).isEqualTo("es");
        assertThat(guesser.guess("ok", "en")).isEqualTo("en");
        assertThat(guesser.guess("no", "en-US")).isEqualTo("en");
    }

    @Test
    void veryShortTextsUseCuesWithoutHint() {
        assertThat(guesser.guess("hola", null)).isEqualTo("es");
        assertThat(guesser.guess("gracias", null)).isEqualTo("es");
        assertThat(guesser.guess("¿qué tal?", null)).isEqualTo("es");
        assertThat(guesser.guess("thanks", null)).isEqualTo("en");
        assertThat(guesser.guess("hello there", null)).isEqualTo("en");
    }

    @Test
    void otherLanguagesAndOddInputFallBackToHintOrEnglish() {
        assertThat(guesser.guess("Das ist ein ganz normaler deutscher Satz über Drucker", "es")).isIn("es", "en");
        assertThat(guesser.guess("", "es")).isEqualTo("es");
        assertThat(guesser.guess(null, null)).isEqualTo("en");
        assertThat(guesser.guess("😀😀", "es")).isEqualTo("es");
        assertThat(guesser.guess("12345", null)).isEqualTo("en");
        assertThat(guesser.guess("Привет 你好 hola amigo, ¿cómo estás?", null)).isIn("es", "en");
    }
}
