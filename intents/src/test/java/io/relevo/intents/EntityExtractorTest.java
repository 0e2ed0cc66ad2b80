package io.relevo.intents;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class EntityExtractorTest {

    /** Wednesday 15 July 2026. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-15T10:00:00Z"), ZoneOffset.UTC);
    private final EntityExtractor extractor = new EntityExtractor(Gazetteer.shipped(), CLOCK);

    private List<Entity> es(String text) {
        return extractor.extract(text, "es");
    }

    private List<Entity> en(String text) {
        return extractor.extract(text, "en");
    }

    private static List<String> values(List<Entity> entities, String kind) {
        return entities.stream().filter(e -> e.kind().equals(kind)).map(Entity::value).toList();
    }

    @Test
    void ticketIdsAreNormalisedInBothLanguages() {
        assertThat(values(es("¿cómo va la INC-123?"), Entity.TICKET_ID)).containsExactly("INC-000123");
        assertThat(values(es("estado de mi ticket 45"), Entity.TICKET_ID)).containsExactly("000045");
        assertThat(values(es("la solicitud 45 sigue abierta"), Entity.TICKET_ID)).containsExactly("REQ-000045");
        assertThat(values(en("status of inc 123 please"), Entity.TICKET_ID)).containsExactly("INC-000123");
        assertThat(values(en("what about REQ-000045 and req45"), Entity.TICKET_ID)).containsExactly("REQ-000045", "REQ-000045");
        assertThat(values(en("any news on ticket #45?"), Entity.TICKET_ID)).containsExactly("000045");
    }

    @Test
    void spansPointAtTheOriginalText() {
        String text = "Mi portátil y la INC-000777";
        List<Entity> entities = es(text);
        assertThat(entities).extracting(Entity::kind, Entity::text, Entity::value)
                .containsExactly(tuple(Entity.CATEGORY, "portátil", "laptop"), tuple(Entity.TICKET_ID, "INC-000777", "INC-000777"));
        for (Entity e : entities) {
            assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
        }
    }

    @Test
    void placesInABuildingAsWritten() {
        assertThat(places(es("hace un frio q pela en la 3a planta"))).containsExactly("3a planta");
        assertThat(places(es("la puerta de la sala Tajo no cierra"))).containsExactly("sala Tajo");
        assertThat(places(es("gotera en la 2.ª planta, junto a la cocina"))).containsExactly("2.ª planta");
        assertThat(places(en("projector in meeting room 4 died"))).containsExactly("meeting room 4");
        assertThat(places(en("the lights on the 2nd floor are flickering"))).containsExactly("2nd floor");
        assertThat(places(es("necesito una sala de reuniones para mañana"))).isEmpty();
        assertThat(places(en("is there room for a bike in the building"))).isEmpty();
        assertThat(places(es("oye, el 3 piso no tiene luz"))).containsExactly("3 piso");
        assertThat(places(es("no funciona el ascensor del tercer piso"))).containsExactly("tercer piso");
        assertThat(places(es("necesito un certificado de salario para alquilar un piso"))).isEmpty();
    }

    @Test
    void whereATripGoes() {
        assertThat(destinations(en("book me a business trip to Lisbon on the 14th and 15th"))).containsExactly("Lisbon");
        assertThat(destinations(en("i need to fly to new york next week for the summit"))).containsExactly("new york");
        assertThat(destinations(es("necesito un viaje a Bilbao el jueves"))).containsExactly("Bilbao");
        assertThat(destinations(es("tengo que ir a Sevilla por curro"))).containsExactly("Sevilla");
        assertThat(destinations(es("tengo que ir a ver a un cliente el jueves"))).isEmpty();
        assertThat(destinations(en("a trip to the client in porto"))).isEmpty();
    }

    private static List<String> destinations(List<Entity> entities) {
        return entities.stream().filter(e -> e.kind().equals(Entity.DESTINATION)).map(Entity::value).toList();
    }

    private static List<String> places(List<Entity> entities) {
        return entities.stream().filter(e -> e.kind().equals(Entity.PLACE)).map(Entity::value).toList();
    }

    @Test
    void emailsAndPhones() {
        assertThat(values(es("escríbeme a Ana.Lopez@Empresa.es o llama al +34 612 345 678"), Entity.EMAIL))
                .containsExactly("ana.lopez@empresa.es");
        assertThat(values(es("llama al +34 612 345 678"), Entity.PHONE)).containsExactly("+34612345678");
        assertThat(values(en("my email is john.doe@example.com"), Entity.EMAIL)).containsExactly("john.doe@example.com");
        assertThat(values(en("call me at (555) 123-4567"), Entity.PHONE)).containsExactly("5551234567");
    }

    @Test
    void spanishRelativeDates() {
        assertThat(values(es("mañana no puedo"), Entity.DATE)).containsExactly("2026-07-16");
        assertThat(values(es("pasado mañana"), Entity.DATE)).containsExactly("2026-07-17");
        assertThat(values(es("hoy"), Entity.DATE)).containsExactly("2026-07-15");
        assertThat(values(es("el próximo lunes"), Entity.DATE)).containsExactly("2026-07-20");
        assertThat(values(es("el lunes"), Entity.DATE)).containsExactly("2026-07-20");
        assertThat(values(es("desde esta mañana no funciona"), Entity.DATE)).isEmpty();
    }

    @Test
    void spanishAbsoluteDatesAndRanges() {
        assertThat(values(es("el 3 de agosto"), Entity.DATE)).containsExactly("2026-08-03");
        assertThat(values(es("el 3 de julio"), Entity.DATE)).as("past without year: next occurrence").containsExactly("2027-07-03");
        assertThat(values(es("vacaciones del 3 al 7 de agosto"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(es("del 28 de julio al 3 de agosto"), Entity.DATE_RANGE)).containsExactly("2026-07-28/2026-08-03");
        assertThat(values(es("el 3/8"), Entity.DATE)).as("d/m in Spanish").containsExactly("2026-08-03");
        assertThat(values(es("el 3 de agosto de 2027"), Entity.DATE)).containsExactly("2027-08-03");
    }

    @Test
    void englishDatesAndRanges() {
        assertThat(values(en("today"), Entity.DATE)).containsExactly("2026-07-15");
        assertThat(values(en("tomorrow morning"), Entity.DATE)).containsExactly("2026-07-16");
        assertThat(values(en("next Monday"), Entity.DATE)).containsExactly("2026-07-20");
        assertThat(values(en("on Friday"), Entity.DATE)).containsExactly("2026-07-17");
        assertThat(values(en("August 3rd"), Entity.DATE)).containsExactly("2026-08-03");
        assertThat(values(en("3/8"), Entity.DATE)).as("m/d in English, next occurrence").containsExactly("2027-03-08");
        assertThat(values(en("off Aug 3-7"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(en("August 3 to 7"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(en("from Aug 3 to Aug 7"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(en("from 8/3 to 8/7"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(en("2026-09-01"), Entity.DATE)).containsExactly("2026-09-01");
    }

    @Test
    void daysWithoutTheirMonthAreTheNextOnes() {
        // today is 15 July 2026
        assertThat(values(en("book me a business trip to Lisbon on the 14th and 15th"), Entity.DATE_RANGE))
                .containsExactly("2026-08-14/2026-08-15");
        assertThat(values(en("off from the 20th to the 24th"), Entity.DATE_RANGE)).containsExactly("2026-07-20/2026-07-24");
        assertThat(values(en("the 28th-3rd please"), Entity.DATE_RANGE)).containsExactly("2026-07-28/2026-08-03");
        assertThat(values(en("can I take the 17th off?"), Entity.DATE)).containsExactly("2026-07-17");
        assertThat(values(en("just the 17th"), Entity.DATE)).containsExactly("2026-07-17");
        assertThat(values(en("the heating on the 3rd floor is off"), Entity.DATE)).isEmpty();
        assertThat(values(en("we need a 3rd-party tool"), Entity.DATE)).isEmpty();
        assertThat(values(en("the 3rd to 7th of August"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(es("quiero pedir del 20 al 24"), Entity.DATE_RANGE)).containsExactly("2026-07-20/2026-07-24");
        assertThat(values(es("el 14 y 15 estoy fuera"), Entity.DATE_RANGE)).containsExactly("2026-08-14/2026-08-15");
        assertThat(values(es("entre el 30 y el 2"), Entity.DATE_RANGE)).containsExactly("2026-07-30/2026-08-02");
        assertThat(values(es("solo el día 17"), Entity.DATE)).containsExactly("2026-07-17");
        assertThat(values(es("el 3 piso no tiene luz"), Entity.DATE)).isEmpty();
        assertThat(values(es("el 14 de agosto"), Entity.DATE)).containsExactly("2026-08-14");
        assertThat(values(es("vacaciones del 3 al 7 de agosto"), Entity.DATE_RANGE)).containsExactly("2026-08-03/2026-08-07");
        assertThat(values(es("entre el 2 y el 3 %"), Entity.DATE_RANGE)).isEmpty();
        // a weekday with its day is that day, not the next weekday and a number
        assertThat(values(es("tengo que ir a Valencia el martes 21 a una feria"), Entity.DATE)).containsExactly("2026-07-21");
        assertThat(values(es("tengo que ir a Valencia el martes 21 a una feria"), Entity.NUMBER)).isEmpty();
        assertThat(values(en("I fly out on Tuesday the 21st"), Entity.DATE)).containsExactly("2026-07-21");
        assertThat(values(es("el martes 15"), Entity.DATE)).as("the next 15th that is a Tuesday").containsExactly("2026-09-15");
    }

    @Test
    void numbersDepartmentsAndCategories() {
        assertThat(values(es("necesito 2 monitores para recursos humanos"), Entity.NUMBER)).containsExactly("2");
        assertThat(values(es("necesito 2 monitores para recursos humanos"), Entity.DEPARTMENT)).containsExactly("hr");
        assertThat(values(es("la impresora de informática"), Entity.CATEGORY)).containsExactly("printer");
        assertThat(values(es("la impresora de informática"), Entity.DEPARTMENT)).containsExactly("it");
        assertThat(values(en("the VPN drops for 3.5 hours"), Entity.CATEGORY)).containsExactly("vpn");
        assertThat(values(en("the VPN drops for 3.5 hours"), Entity.NUMBER)).containsExactly("3.5");
        assertThat(values(en("ask HR about my payroll"), Entity.DEPARTMENT)).containsExactly("hr");
        assertThat(values(en("ask HR about my payroll"), Entity.CATEGORY)).containsExactly("payroll");
        assertThat(values(es("la wifi de la oficina"), Entity.CATEGORY)).containsExactly("wifi");
    }

    @Test
    void oddInputGivesNoEntitiesAndNoErrors() {
        assertThat(es("")).isEmpty();
        assertThat(en("😀😀😀")).isEmpty();
        assertThat(en("x".repeat(10_000))).isEmpty();
        assertThat(es("Привет 你好 مرحبا")).isEmpty();
        assertThat(en("31/31/31 99/99 0/0")).extracting(Entity::kind).doesNotContain(Entity.DATE);
    }

    @Test
    void aLongWordIsReadInLinearTime() {
        // the e-mail pattern tried every start inside a run of letters: 4,000 letters cost ~115 ms, 40,000 about 100 times more
        String word = "a".repeat(40_000);
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        assertThat(extractor.extract(word, "en")).isEmpty();
        assertThat(extractor.extract(word + "@example.com", "en")).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Entity.EMAIL));
        assertThat((mx.getCurrentThreadCpuTime() - t0) / 1_000_000).as("CPU ms").isLessThan(2_000);
    }
}
