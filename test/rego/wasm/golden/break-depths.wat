;; break depths
(func $__gpc_init (local i32×1)
  i32.const 1168
  call $rt_reserve
  drop
  i32.const 1076
  i32.const 0
  i32.const 87
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1107
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1111
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 0
  i32.const 1115
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1040
  i32.const 0
  i32.const 1119
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1044
  i32.const 0
  i32.const 1123
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1048
  i32.const 0
  i32.const 1127
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1052
  i32.const 0
  i32.const 1131
  i32.const 5
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1056
  i32.const 0
  i32.const 1136
  i32.const 7
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1060
  i32.const 0
  i32.const 1143
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1064
  i32.const 0
  i32.const 1144
  i32.const 7
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1068
  i32.const 0
  i32.const 1151
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1072
  i32.const 1154
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1076
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.b
    return
  end
  i32.const 0
)
(func $t.b (param i32 i32) (result i32) (local i32×7)
  block
    call $rt_make_array
    local.set 2
    block
      local.get 2
      i32.const 0
      i32.load offset=1032
      call $rt_array_append
      i32.eqz
      br_if 0
      block
        local.get 2
        i32.const 0
        i32.load offset=1036
        call $rt_array_append
        i32.eqz
        br_if 0
        block
          local.get 2
          i32.const 0
          i32.load offset=1040
          call $rt_array_append
          i32.eqz
          br_if 0
          br 1
          local.get 2
          i32.const 0
          i32.load offset=1044
          call $rt_array_append
          i32.eqz
          br_if 0
        end
        local.get 2
        i32.const 0
        i32.load offset=1048
        call $rt_array_append
        i32.eqz
        br_if 0
      end
      local.get 2
      i32.const 0
      i32.load offset=1052
      call $rt_array_append
      i32.eqz
      br_if 0
    end
    i32.const 0
    i32.load offset=1060
    local.set 3
    block
      local.get 3
      local.tee 6
      call $rt_iter_count
      local.set 7
      i32.const 0
      local.set 8
      block
        loop
          local.get 8
          local.get 7
          i32.ge_u
          br_if 1
          local.get 6
          local.get 8
          call $rt_iter_key
          local.set 4
          local.get 6
          local.get 8
          call $rt_iter_value
          local.set 5
          block
            local.get 2
            local.get 5
            call $rt_array_append
            i32.eqz
            br_if 0
            block
              local.get 5
              i32.const 0
              i32.load offset=1064
              call $rt_equal
              i32.eqz
              br_if 0
              br 4
            end
            local.get 2
            local.get 4
            call $rt_array_append
            i32.eqz
            br_if 0
          end
          local.get 8
          i32.const 1
          i32.add
          local.set 8
          br 0
        end
      end
      local.get 2
      i32.const 0
      i32.load offset=1068
      call $rt_array_append
      i32.eqz
      br_if 0
    end
    block
      call $rt_with_enter
      drop
      block
        block
          call $rt_with_exit
          drop
          br 2
        end
      end
      call $rt_with_exit
      drop
      local.get 2
      i32.const 0
      i32.load offset=1068
      call $rt_array_append
      i32.eqz
      br_if 0
    end
    local.get 2
    i32.const 0
    i32.load offset=1072
    call $rt_array_append
    i32.eqz
    br_if 0
    local.get 2
    i32.const 0
    i32.load offset=1056
    call $rt_array_append
    i32.eqz
    br_if 0
  end
  local.get 2
)
