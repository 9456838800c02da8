/**
 * The hello-world example as a named module: it runs on the class path and on the module path
 * alike (ModulePathTest starts it with {@code java --module-path ... -m}).
 */
module dev.sluice.examples.helloworld {
  requires dev.sluice.inproc;
  requires dev.sluice.protobuf;
  requires dev.sluice.stub;

  exports dev.sluice.examples.helloworld;
}
