/**
 * The JSON answers of the HTTP API as records, written by the one Jackson configuration
 * ({@code JacksonJsonMapper}): stable field names, times as ISO-8601, internal bookkeeping (merge versions) left
 * out. A node's kind-specific fields are unwrapped into it, so every node is one flat object, as the OpenAPI
 * description says.
 */
package dev.pedigree.http.answers;
