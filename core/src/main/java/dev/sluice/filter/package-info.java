/**
 * The channel stack: per-call filters that each see every batch on its way down to the
 * transport, and may wrap its callbacks on the way back up.
 */
package dev.sluice.filter;
