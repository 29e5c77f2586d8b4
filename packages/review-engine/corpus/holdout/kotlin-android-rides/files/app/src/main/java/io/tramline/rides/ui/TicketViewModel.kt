package io.tramline.rides.ui

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import io.tramline.rides.data.Booking
import io.tramline.rides.data.RideRepository
import io.tramline.rides.util.AppLog
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch

sealed interface TicketState {
    data object Loading : TicketState
    data class Ready(val tickets: List<Booking>) : TicketState
    data class Failed(val reason: String) : TicketState
}

class TicketViewModel(private val repository: RideRepository) : ViewModel() {
    private val _state = MutableStateFlow<TicketState>(TicketState.Loading)
    val state: StateFlow<TicketState> = _state

    fun refresh() {
        viewModelScope.launch {
            runCatching { repository.history() }
                .onSuccess { tickets ->
                    System.out.println("tickets loaded: $tickets")
                    _state.value = TicketState.Ready(tickets.sortedByDescending { it.departure })
                }
                .onFailure { error ->
                    AppLog.e("could not load tickets", error)
                    _state.value = TicketState.Failed(error.message ?: "unknown error")
                }
        }
    }
}
