package dev.sluice.stub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks source written by a code generator ({@code sluice-compiler}), so tools and readers know
 * not to edit it by hand. Sluice's own, to spare generated code a dependency on
 * {@code javax}/{@code jakarta} annotation artifacts.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface Generated {

  /**
   * The generator, e.g. {@code dev.sluice.compiler.SluiceGenerator}.
   *
   * @return the fully qualified names of the code generators that wrote the annotated type
   */
  String[] value();

  /**
   * Free text: the source file the code came from, say.
   *
   * @return what else the generator wanted to record, or the empty string
   */
  String comments() default "";
}
