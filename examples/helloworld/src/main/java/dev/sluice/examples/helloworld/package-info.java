/** The hello-world example: a greeter service from {@code helloworld.proto}, over in-process. */
package dev.sluice.examples.helloworld;
