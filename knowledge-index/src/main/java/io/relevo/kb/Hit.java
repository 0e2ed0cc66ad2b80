package io.relevo.kb;

/**
 * One search result.
 *
 * @param score   fused relevance score in [0, 1]; comparable within one result list only
 * @param passage the best-matching section or paragraph of the article body (never the whole
 *                article, unless it is one paragraph long)
 */
public record Hit(Article article, double score, String passage) {
}
