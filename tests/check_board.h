/* SPDX-License-Identifier: ISC */
/*
 * check_board.h - the test cases of check_board, by file.
 */
#ifndef HV_CHECK_BOARD_H
#define HV_CHECK_BOARD_H

#include <check.h>

/**
 * board_driver_tcase() - the board driver against a stand-in firmware
 * played by the test itself: event queue, typed requests, RAM loads.
 *
 * Return: the test case.
 */
TCase *board_driver_tcase(void);

/**
 * board_watch_tcase() - board_watch.h's records and waits, against the
 * same stand-in.
 *
 * Return: the test case.
 */
TCase *board_watch_tcase(void);

#endif /* HV_CHECK_BOARD_H */
