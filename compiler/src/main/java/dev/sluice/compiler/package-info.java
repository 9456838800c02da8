/**
 * {@code sluice-compiler}: a protoc plugin that writes a {@code <Service>Sluice} class for each
 * proto service. Entry point: {@link dev.sluice.compiler.SluiceCompiler}.
 */
package dev.sluice.compiler;
