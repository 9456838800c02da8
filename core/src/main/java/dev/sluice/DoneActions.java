package dev.sluice;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The actions {@link Call#onDone} keeps until a call ends, held in one field of the call: null,
 * a single action, or a list of them. Most calls have one or two, so no list is made for them.
 * The caller guards the field; these methods only compute its next value and run the actions.
 */
final class DoneActions {

  private static final Logger log = System.getLogger("dev.sluice.core");

  private DoneActions() {}

  /** The holder's next value once {@code action} is added to {@code holder}. */
  @SuppressWarnings("unchecked")
  static Object add(Object holder, Consumer<Status> action) {
    if (holder == null) {
      return action;
    }
    if (holder instanceof List<?> list) {
      ((List<Consumer<Status>>) list).add(action);
      return list;
    }
    List<Consumer<Status>> actions = new ArrayList<>(4);
    actions.add((Consumer<Status>) holder);
    actions.add(action);
    return actions;
  }

  /** Runs every action of {@code holder} with {@code status}, in the order they were added. */
  @SuppressWarnings("unchecked")
  static void runAll(Object holder, Status status, Call call) {
    if (holder instanceof List<?> list) {
      // Indexed: the list is an ArrayList, and this runs at the end of every call.
      for (int i = 0; i < list.size(); i++) {
        run((Consumer<Status>) list.get(i), status, call);
      }
    } else if (holder != null) {
      run((Consumer<Status>) holder, status, call);
    }
  }

  /** Runs one action; its failure is logged and kept from the others and the call's cleanup. */
  static void run(Consumer<Status> action, Status status, Call call) {
    try {
      action.accept(status);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "An onDone action of " + call + " threw", e);
    }
  }
}
