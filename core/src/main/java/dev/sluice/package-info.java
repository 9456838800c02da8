/** Sluice's surface API: channels, servers, calls and completion queues. */
package dev.sluice;
